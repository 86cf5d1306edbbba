import { EventArchive } from '../eventbridge/event-archive.ts';
import { EventBus } from '../eventbridge/event-bus.ts';
import { eventBridgeEdgeService } from '../eventbridge/eventbridge-api.ts';
import { Replays } from '../eventbridge/replays.ts';
import { RuleChanges } from '../eventbridge/rule-changes.ts';
import { Scheduler } from '../eventbridge/scheduler.ts';
import type { SqsService } from '../sqs/index.ts';
import type { StepFunctionsService } from '../stepfunctions/index.ts';
import type { WiredCloudWatch } from './cloudwatch.ts';
import type { CloudContext, Observability } from './context.ts';
import type { WiredLambda } from './lambda.ts';

export interface WiredEventBridge {
  readonly bus: EventBus;
  readonly scheduler: Scheduler;
}

/**
 * The event buses and rules of the stacks with their targets (queues, functions, log groups,
 * state machines), the archives and replays, the rule changes made through the API since (they
 * stay changed, as on AWS), the schedules, and the CloudWatch alarm state changes that go to
 * the default bus. The schedules start with `scheduler.start()`, once everything runs.
 */
export function wireEventBridge(
  context: CloudContext,
  deps: {
    observe: Observability;
    sqs: SqsService;
    lambda: WiredLambda;
    cloudWatch: WiredCloudWatch;
    /** The state machines, wired after the bus (they publish on it). */
    stepFunctions: () => StepFunctionsService | undefined;
  },
): WiredEventBridge {
  const { topology, dataDir, region, accountId } = context;
  const { observe, sqs, lambda } = deps;
  const { runtime, asyncInvoker } = lambda;
  const { awsMetrics } = deps.cloudWatch.service;
  const archive = new EventArchive(dataDir, topology.archives);
  context.onStop(() => archive.close());
  const bus: EventBus = new EventBus({
    region,
    accountId,
    buses: topology.buses,
    rules: topology.rules,
    targets: {
      sendToQueue: async (queueArn, body, { attributes, messageGroupId } = {}) => {
        sqs.sendMessage(queueArn, {
          body,
          ...(messageGroupId === undefined ? {} : { messageGroupId }),
          messageAttributes: attributes
            ? Object.fromEntries(
                Object.entries(attributes).map(([key, value]) => [key, { DataType: 'String', StringValue: value }]),
              )
            : undefined,
        });
      },
      invokeFunctionAsync: async (functionArn, payload) => {
        if (!runtime.resolveFunction(functionArn)) throw new Error(`Function not found: ${functionArn}`);
        asyncInvoker.invokeAsync(functionArn, payload);
      },
      writeToLogGroup: async (logGroupArn, event) => {
        const name = observe.logGroupName(logGroupArn);
        if (!name) throw new Error(`Log group not found: ${logGroupArn}`);
        observe.logs.append(`logs:${name}`, JSON.stringify(event));
        // EventBridge writes each event to the group, in a stream of its own.
        observe.cloudWatchLogs.append(name, event.id, [JSON.stringify(event)], Date.parse(event.time) || Date.now());
      },
      startExecution: async (stateMachineArn, input) => {
        const stepFunctions = deps.stepFunctions();
        if (!stepFunctions) throw new Error('Step Functions is not running');
        stepFunctions.startExecution(stateMachineArn, input);
      },
    },
    onEvent: (event, busArn, matched) => {
      archive.record(busArn, event);
      observe.recordHop(observe.hops.event(event, busArn, matched));
      const busName = busNameOfArn(busArn);
      for (const name of matched) {
        const rule = bus.rules().find((candidate) => candidate.name === name && candidate.busName === busName);
        if (rule) awsMetrics.ruleMatched(rule.busName, rule.name, rule.targets.length);
      }
    },
    onDeliveryFailure: (failure) => {
      const rule = bus.rules().find((candidate) => candidate.name === failure.rule);
      if (rule) awsMetrics.ruleDeliveryFailed(rule.busName, rule.name);
    },
  });
  context.onStop(() => bus.close());
  const replays = new Replays({
    dataDir,
    region,
    accountId,
    archive,
    archives: topology.archives,
    dispatch: (busArn, event, ruleArns) => bus.dispatch(busNameOfArn(busArn), event, ruleArns),
  });
  context.onStop(() => replays.close());
  const ruleChanges = new RuleChanges(dataDir);
  ruleChanges.applyTo(bus, (reason) =>
    console.error(`EventBridge: a rule change no longer applies and was dropped: ${reason}`),
  );
  deps.cloudWatch.routeAlarms({
    // The event CloudWatch sends to the default bus of the alarm's account and Region.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
    onStateChange: (change) =>
      bus.dispatch(
        'default',
        bus.newEvent({
          source: 'aws.cloudwatch',
          detailType: 'CloudWatch Alarm State Change',
          detail: change.detail,
          resources: [change.alarmArn],
          time: new Date(change.time),
        }),
      ),
    invokeFunction: (functionArn, payload) => {
      if (!runtime.resolveFunction(functionArn)) throw new Error(`Function not found: ${functionArn}`);
      asyncInvoker.invokeAsync(functionArn, payload);
    },
  });
  context.edge.register(
    eventBridgeEdgeService(bus, {
      region,
      accountId,
      changes: ruleChanges,
      targetExists: (arn) =>
        sqs.listQueueArns().includes(arn) ||
        runtime.resolveFunction(arn) !== undefined ||
        observe.logGroupName(arn) !== undefined ||
        deps.stepFunctions()?.hasStateMachine(arn) === true,
      archives: { specs: topology.archives, count: (name) => archive.count(name) },
      replays,
    }),
  );
  return { bus, scheduler: new Scheduler(bus, topology.rules) };
}

/** `arn:aws:events:<region>:<account>:event-bus/<name>` → `<name>`. */
function busNameOfArn(busArn: string): string {
  return busArn.slice(busArn.indexOf(':event-bus/') + ':event-bus/'.length);
}
