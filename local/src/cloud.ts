import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HttpApi } from './apigateway/http-api.ts';
import { CustomResources } from './cloudformation/custom-resources.ts';
import type { AlarmStateChange } from './cloudwatch/index.ts';
import { type CloudWatchService, createCloudWatchService } from './cloudwatch/index.ts';
import { signInDemoUser } from './cognito/demo-user.ts';
import { createCognitoService, type UserPools } from './cognito/index.ts';
import { type ConsoleExtensions, createConsole } from './console/console.ts';
import { controlApi, jsonBody } from './control/control-api.ts';
import { createDynamoDbService, type DynamoDbService } from './dynamodb/index.ts';
import { EdgeServer } from './edge/edge-server.ts';
import { EventArchive } from './eventbridge/event-archive.ts';
import { EventBus } from './eventbridge/event-bus.ts';
import { eventBridgeEdgeService } from './eventbridge/eventbridge-api.ts';
import { Replays } from './eventbridge/replays.ts';
import { RuleChanges } from './eventbridge/rule-changes.ts';
import { Scheduler } from './eventbridge/scheduler.ts';
import { AsyncInvoker } from './lambda/async-invoker.ts';
import { bundleFunctions, removeStaleBundles } from './lambda/bundler.ts';
import { EventSourceMappingStates, eventSourceMappingEdgeService } from './lambda/event-source-mapping-api.ts';
import { lambdaEdgeService } from './lambda/lambda-api.ts';
import { LambdaRuntime } from './lambda/lambda-runtime.ts';
import { SqsEventSource } from './lambda/sqs-event-source.ts';
import { loadTopology } from './loader/load-topology.ts';
import type { Topology } from './loader/topology.ts';
import { createLogsService, type LogsService } from './logs/index.ts';
import { HopMaker } from './observability/hops.ts';
import { LogStore } from './observability/log-store.ts';
import { type NewHop, Trace } from './observability/trace.ts';
import { createPipesService, type PipesService } from './pipes/index.ts';
import { createS3Service } from './s3/index.ts';
import { createSesService, mailboxQueryOf, type SesService } from './ses/index.ts';
import { createSqsService, type SqsService, toLambdaSqsRecord } from './sqs/index.ts';
import {
  createStepFunctionsService,
  type StepFunctionsService,
  type StoredHistoryEvent,
  type TimingOverrides,
} from './stepfunctions/index.ts';

export interface LocalCloudOptions {
  /** The repository root holding the stacks. */
  readonly rootDir: string;
  /** Where state lives (tables, queues, logs). Default `<rootDir>/.local-cloud`. */
  readonly dataDir?: string;
  /** Start from empty state. */
  readonly reset?: boolean;
  /** The AWS edge endpoint's port (default 4566; 0 picks a free one). */
  readonly edgePort?: number;
  /** The HTTP API's port (default 3000; 0 picks a free one). */
  readonly httpPort?: number;
  readonly stage?: string;
  readonly accountId?: string;
  /** Every function log line, as it happens (the CLI prints them). */
  readonly onLog?: (origin: string, line: string) => void;
  /** Values for `${env:...}` variables in the stacks (default: this process's environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Shorter Step Functions waits and retry intervals (tests); AWS's real timing by default. */
  readonly stepFunctionsTiming?: TimingOverrides;
  /** Lambda's async retry delays (AWS: about 1 and 2 minutes). */
  readonly asyncRetryDelaysMs?: readonly number[];
  /**
   * How many times faster than AWS CloudWatch alarm periods and the SQS metrics run (default 1:
   * AWS's timing). The start-up report says so when it is not 1.
   */
  readonly cloudWatchTimeScale?: number;
  /** What the application adds to the web console (its catalog, its switches). */
  readonly console?: ConsoleExtensions;
}

export interface LocalCloud {
  readonly topology: Topology;
  readonly edgeUrl: string;
  readonly httpApiUrl: string;
  /** The web console's URL. */
  readonly consoleUrl: string;
  readonly dataDir: string;
  readonly runtime: LambdaRuntime;
  readonly bus: EventBus;
  readonly sqs: SqsService;
  readonly scheduler: Scheduler;
  readonly stepFunctions: StepFunctionsService;
  readonly pipes: PipesService;
  /** The mailbox behind the SES emulation. */
  readonly ses: SesService;
  /** The Cognito user pools behind the HTTP API's JWT authorizers. */
  readonly userPools: UserPools;
  readonly logs: LogStore;
  /** Every hop of every order, by correlation id and order id, kept across restarts. */
  readonly trace: Trace;
  /** Metrics, alarms and dashboards. */
  readonly cloudWatch: CloudWatchService;
  /** Log groups, streams and events (`/aws/lambda/<function>`, the stacks' groups). */
  readonly cloudWatchLogs: LogsService;
  readonly eventSources: readonly SqsEventSource<{ receiptHandle: string }>[];
  /** AWS API requests the edge served, by service and operation. */
  requestCounts(): Record<string, number>;
  /** Milliseconds the edge's emulated services took to answer, summed over requests. */
  serviceMilliseconds(): number;
  /** DynamoDB capacity units consumed since start, as on-demand mode bills them. */
  consumedCapacity(): { readonly readUnits: number; readonly writeUnits: number };
  /** Custom resources created or updated at this start (deploy-time steps). */
  readonly deployed: ReadonlyArray<{ stack: string; logicalId: string; action: string }>;
  stop(): Promise<void>;
}

/**
 * Starts the whole shop on this machine from its serverless.yml files: the edge that speaks
 * the AWS protocols, DynamoDB (dynalite), SQS, EventBridge with its rules and schedules, the
 * Lambda runtime with its event source mappings, the HTTP API, and the deploy-time custom
 * resources. Nothing here knows about the shop's services: all of it comes from the topology.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = options.dataDir ?? join(options.rootDir, '.local-cloud');
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const cleanups: Array<() => Promise<void> | void> = [];
  // Timers of one service (an alarm's evaluation, a sample) must not reach another already stopped.
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const edge = new EdgeServer();
    const edgePort = await edge.listen(options.edgePort ?? 4566);
    cleanups.push(() => edge.close());
    const edgeUrl = `http://127.0.0.1:${edgePort}`;
    const topology = loadTopology({
      rootDir: options.rootDir,
      stage: options.stage,
      accountId: options.accountId,
      edgeUrl,
      env: options.env,
    });
    const { region, accountId } = topology;
    const logs = new LogStore(dataDir);
    const cloudWatchLogs = createLogsService({ dataDir, region, accountId });
    cleanups.push(() => cloudWatchLogs.close());
    // One timeline per order: every service below reports its hops here.
    const trace = new Trace(dataDir);
    cleanups.push(() => trace.close());
    const hops = new HopMaker(topology);
    const recordHop = (hop: NewHop | undefined) => {
      if (!hop) return;
      try {
        trace.record(hop);
      } catch (error) {
        console.error(`trace: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    for (const group of topology.logGroups) cloudWatchLogs.declareGroup(group.name, group.retentionInDays);
    // Lambda creates a function's log group on its first line; the framework declares it upfront.
    for (const fn of topology.functions) cloudWatchLogs.declareGroup(`/aws/lambda/${fn.name}`, undefined);

    const consumedCapacity = { readUnits: 0, writeUnits: 0 };
    const dynamodb: DynamoDbService = await createDynamoDbService({
      dataDir,
      region,
      accountId,
      onConsumedCapacity: ({ readUnits, writeUnits }) => {
        consumedCapacity.readUnits += readUnits;
        consumedCapacity.writeUnits += writeUnits;
      },
    });
    cleanups.push(() => dynamodb.close());
    await dynamodb.createTablesFromTemplates(
      topology.tables.map((table) => ({
        logicalId: table.logicalId,
        stack: table.stackName,
        properties: { ...table.properties },
      })),
    );

    const sqs = createSqsService({
      dataDir,
      edgeUrl,
      region,
      accountId,
      onActivity: (activity) => recordHop(hops.queue(activity)),
    });
    cleanups.push(() => sqs.close());
    // Dead-letter queues first, so every redrive policy names a queue that exists.
    const queues = [...topology.queues].sort(
      (a, b) => Number('RedrivePolicy' in a.attributes) - Number('RedrivePolicy' in b.attributes),
    );
    for (const queue of queues) sqs.createQueue(queue.name, queue.attributes);

    // Alarm state changes go to the default bus, and Lambda alarm actions to the function, once
    // both exist; an alarm cannot change state before the alarms are deployed below.
    let onAlarmStateChange: (change: AlarmStateChange) => void = () => {};
    let invokeAlarmAction: (functionArn: string, payload: unknown) => void = () => {};
    const cloudWatch = createCloudWatchService({
      dataDir,
      region,
      accountId,
      timeScale: options.cloudWatchTimeScale ?? 1,
      onStateChange: (change) => {
        if (!stopping) onAlarmStateChange(change);
      },
      invokeFunction: (functionArn, payload) => {
        if (!stopping) invokeAlarmAction(functionArn, payload);
      },
    });
    cleanups.push(() => cloudWatch.close());
    const { awsMetrics } = cloudWatch;

    const buildRoot = join(options.rootDir, '.local-cloud', 'build');
    const bundles = await bundleFunctions(topology.functions, buildRoot);
    cleanups.push(() => removeStaleBundles(buildRoot));
    const runtime = new LambdaRuntime({
      functions: topology.functions,
      bundles,
      compileCacheDir: join(options.rootDir, '.local-cloud', 'compile-cache'),
      region,
      accountId,
      edgeUrl,
      onLog: (functionName, line, logStreamName, platform) => {
        cloudWatchLogs.append(`/aws/lambda/${functionName}`, logStreamName, [line]);
        if (platform) return;
        logs.append(`lambda:${functionName}`, line);
        cloudWatch.ingestLogLine(line);
        recordHop(hops.log(functionName, line));
        options.onLog?.(functionName, line);
      },
      onInvocation: (record) => {
        awsMetrics.lambdaInvocation(record);
        recordHop(hops.invocation(record));
      },
    });
    cleanups.push(() => runtime.close());
    const asyncConfigs = new Map(topology.asyncInvokeConfigs.map((config) => [config.functionName, config]));
    const asyncInvoker = new AsyncInvoker(runtime, options.asyncRetryDelaysMs, (functionName) => {
      const config = asyncConfigs.get(runtime.resolveFunction(functionName)?.name ?? functionName);
      const fn = runtime.resolveFunction(functionName);
      return {
        maximumRetryAttempts: config?.maximumRetryAttempts,
        onFailure: (event, error, attempts) => {
          if (!config?.onFailureArn || !fn) return;
          // The invocation record Lambda sends to an on-failure destination.
          // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
          sqs.sendMessage(config.onFailureArn, {
            body: JSON.stringify({
              version: '1.0',
              timestamp: new Date().toISOString(),
              requestContext: {
                requestId: crypto.randomUUID(),
                functionArn: `${fn.arn}:$LATEST`,
                condition: 'RetriesExhausted',
                approximateInvokeCount: attempts,
              },
              requestPayload: event,
              responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
              responsePayload: { errorType: error.errorType, errorMessage: error.errorMessage },
            }),
          });
        },
      };
    });
    cleanups.push(() => asyncInvoker.close());

    const archive = new EventArchive(dataDir, topology.archives);
    cleanups.push(() => archive.close());
    const logGroups = new Map(topology.logGroups.map((group) => [group.arn, group.name]));
    let stepFunctions: StepFunctionsService | undefined;
    // A state machine's LoggingConfiguration: its history events, at its level, in its log group,
    // in the shape Step Functions writes them.
    // https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
    const executionLogs = new Map(
      topology.stateMachines.flatMap((machine) => {
        const group = machine.logging ? logGroups.get(machine.logging.logGroupArn) : undefined;
        return group && machine.logging
          ? [[machine.arn, { ...machine.logging, group, name: machine.name }] as const]
          : [];
      }),
    );
    const writeExecutionLog = (stateMachineArn: string, executionArn: string, event: StoredHistoryEvent) => {
      const logging = executionLogs.get(stateMachineArn);
      if (!logging) return;
      const logged =
        logging.level === 'ALL' ||
        (logging.level === 'ERROR' && /(Failed|TimedOut|Aborted)$/.test(event.type)) ||
        (logging.level === 'FATAL' && /^Execution(Failed|TimedOut|Aborted)$/.test(event.type));
      if (!logged) return;
      const { id, previousEventId, timestamp, type, ...rest } = event;
      const details = Object.values(rest).find((value) => typeof value === 'object' && value !== null) as
        | Record<string, unknown>
        | undefined;
      const shown = logging.includeExecutionData
        ? details
        : details &&
          Object.fromEntries(
            Object.entries(details).filter(([key]) => !['input', 'output', 'result', 'parameters'].includes(key)),
          );
      const day = new Date(timestamp).toISOString().slice(0, 10);
      cloudWatchLogs.append(
        logging.group,
        `states/${logging.name}/${day}/${executionArn.split(':').pop()}`,
        [
          JSON.stringify({
            id: String(id),
            type,
            details: shown ?? {},
            previous_event_id: String(previousEventId),
            event_timestamp: String(timestamp),
            execution_arn: executionArn,
          }),
        ],
        timestamp,
      );
    };
    const bus = new EventBus({
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
          const name = logGroups.get(logGroupArn);
          if (!name) throw new Error(`Log group not found: ${logGroupArn}`);
          logs.append(`logs:${name}`, JSON.stringify(event));
          // EventBridge writes each event to the group, in a stream of its own.
          cloudWatchLogs.append(name, event.id, [JSON.stringify(event)], Date.parse(event.time) || Date.now());
        },
        startExecution: async (stateMachineArn, input) => {
          if (!stepFunctions) throw new Error('Step Functions is not running');
          stepFunctions.startExecution(stateMachineArn, input);
        },
      },
      onEvent: (event, busArn, matched) => {
        archive.record(busArn, event);
        recordHop(hops.event(event, busArn, matched));
        for (const name of matched) {
          const busName = busNameOfArn(busArn);
          const rule = bus.rules().find((candidate) => candidate.name === name && candidate.busName === busName);
          if (rule) awsMetrics.ruleMatched(rule.busName, rule.name, rule.targets.length);
        }
      },
      onDeliveryFailure: (failure) => {
        const rule = bus.rules().find((candidate) => candidate.name === failure.rule);
        if (rule) awsMetrics.ruleDeliveryFailed(rule.busName, rule.name);
      },
    });
    cleanups.push(() => bus.close());
    const replays = new Replays({
      dataDir,
      region,
      accountId,
      archive,
      archives: topology.archives,
      dispatch: (busArn, event, ruleArns) => bus.dispatch(busNameOfArn(busArn), event, ruleArns),
    });
    cleanups.push(() => replays.close());
    // Rules changed through the API since the stacks were loaded stay changed, as on AWS.
    const ruleChanges = new RuleChanges(dataDir);
    ruleChanges.applyTo(bus, (reason) =>
      console.error(`EventBridge: a rule change no longer applies and was dropped: ${reason}`),
    );
    onAlarmStateChange = (change) => {
      // The event CloudWatch sends to the default bus of the alarm's account and Region.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
      bus.dispatch(
        'default',
        bus.newEvent({
          source: 'aws.cloudwatch',
          detailType: 'CloudWatch Alarm State Change',
          detail: change.detail,
          resources: [change.alarmArn],
          time: new Date(change.time),
        }),
      );
    };
    invokeAlarmAction = (functionArn, payload) => {
      if (!runtime.resolveFunction(functionArn)) throw new Error(`Function not found: ${functionArn}`);
      asyncInvoker.invokeAsync(functionArn, payload);
    };

    stepFunctions = createStepFunctionsService({
      dataDir,
      region,
      accountId,
      stateMachines: topology.stateMachines,
      invokeFunction: (functionName, payload) => runtime.invoke(functionName, payload),
      putEvents: (entries) => bus.putEvents(entries),
      functionExists: (functionName) => runtime.resolveFunction(functionName) !== undefined,
      onExecutionStatus: (record) => awsMetrics.execution(record),
      onHistoryEvent: (executionArn, event) => {
        const stateMachineArn = executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');
        recordHop(hops.sagaEvent(executionArn, event, stateMachineArn));
        writeExecutionLog(stateMachineArn, executionArn, event);
      },
      ...(options.stepFunctionsTiming ? { timing: options.stepFunctionsTiming } : {}),
    });
    const sfn = stepFunctions;
    cleanups.push(() => sfn.close());
    checkTargets(topology, runtime, sqs, logGroups, sfn);

    const scheduler = new Scheduler(bus, topology.rules);
    cleanups.push(() => scheduler.stop());

    const pipeLogGroups = new Map(
      topology.pipes.flatMap((pipe) => {
        const destination = (
          pipe.properties.LogConfiguration as { CloudwatchLogsLogDestination?: { LogGroupArn?: unknown } }
        )?.CloudwatchLogsLogDestination?.LogGroupArn;
        const group = typeof destination === 'string' ? logGroups.get(destination) : undefined;
        return group ? [[pipe.name, group] as const] : [];
      }),
    );
    const ses = createSesService({ dataDir, onMessage: (message) => recordHop(hops.mail(message)) });
    cleanups.push(() => ses.close());
    const s3 = createS3Service({
      dataDir,
      buckets: topology.buckets,
      region,
      onObject: (activity) => recordHop(hops.storage(activity)),
    });
    cleanups.push(() => s3.close());
    const pipes = createPipesService({
      pipes: topology.pipes,
      sqs,
      region,
      accountId,
      invokeFunction: (functionArn, payload) => runtime.invoke(functionArn, payload),
      invokeFunctionAsync: (functionArn, payload) => asyncInvoker.invokeAsync(functionArn, payload),
      functionExists: (functionArn) => runtime.resolveFunction(functionArn) !== undefined,
      onLog: (pipeName, line) => {
        logs.append(`pipes:${pipeName}`, line);
        // The pipe's LogConfiguration group, if it has one: failed executions, one line each.
        const group = pipeLogGroups.get(pipeName);
        if (group) cloudWatchLogs.append(group, pipeName, [line]);
      },
      onExecution: (pipeName, outcome, durationMs, messages) => {
        awsMetrics.pipeExecution(pipeName, outcome, durationMs);
        recordHop(hops.pipe(pipeName, outcome, durationMs, messages));
      },
    });

    const customResources = new CustomResources({ dataDir, runtime, edgeUrl, region, accountId });

    edge.register(dynamodb.edge);
    edge.register(s3.edge);
    edge.register(sqs.edge);
    edge.register(
      eventBridgeEdgeService(bus, {
        region,
        accountId,
        changes: ruleChanges,
        targetExists: (arn) =>
          sqs.listQueueArns().includes(arn) ||
          runtime.resolveFunction(arn) !== undefined ||
          logGroups.has(arn) ||
          sfn.hasStateMachine(arn),
        archives: { specs: topology.archives, count: (name) => archive.count(name) },
        replays,
      }),
    );
    edge.register(sfn.edge);
    edge.register(ses.edge);
    edge.register(lambdaEdgeService(runtime, asyncInvoker));
    edge.register(customResources.responseEndpoint());
    for (const service of cloudWatch.edgeServices) edge.register(service);
    edge.register(cloudWatchLogs.edge);
    deployMonitoring(topology, cloudWatch, runtime);
    cloudWatch.sampleQueues(() =>
      sqs
        .listQueueArns()
        .map((queueArn) => ({ queueName: queueArn.split(':')[5] ?? queueArn, ...sqs.queueStats(queueArn) })),
    );

    const deployed = (await customResources.deploy(topology.customResources)).map(({ resource, action }) => ({
      stack: resource.stackName,
      logicalId: resource.logicalId,
      action,
    }));

    const eventSources = topology.eventSourceMappings.map(
      (mapping) =>
        new SqsEventSource(
          mapping,
          {
            receiveMessages: (queueArn, receive) => sqs.receiveMessages(queueArn, receive),
            deleteMessage: (queueArn, receiptHandle) => sqs.deleteMessage(queueArn, receiptHandle),
            toRecord: (message) => toLambdaSqsRecord(message, mapping.sourceArn, region),
          },
          (functionName, event) => runtime.invoke(functionName, event),
        ),
    );
    const eventSourceStates = new EventSourceMappingStates(dataDir);
    for (const source of eventSources) {
      if (eventSourceStates.enabledAtStart(source.spec) !== source.enabled)
        await source.setEnabled(eventSourceStates.enabledAtStart(source.spec));
      source.start();
    }
    edge.register(
      eventSourceMappingEdgeService({ sources: eventSources, states: eventSourceStates, region, accountId }),
    );
    pipes.start();
    cleanups.push(() => pipes.stop());
    cleanups.push(async () => {
      await Promise.all(eventSources.map((source) => source.stop()));
    });
    scheduler.start();

    const cognito = await createCognitoService({
      dataDir,
      edgeUrl,
      userPools: topology.userPools,
      userPoolClients: topology.userPoolClients,
      // Cognito's default sender for verification codes and temporary passwords.
      sendMessage: (message) => ses.sendServiceMail({ from: 'no-reply@verificationemail.com', ...message }),
    });
    for (const service of cognito.edgeServices) edge.register(service);
    const httpApi = new HttpApi(topology.httpRoutes, runtime, accountId, {
      issuerKeys: (issuer) => cognito.pools.jwksForIssuer(issuer),
      onRequest: (record) => {
        if (record.apiId) awsMetrics.httpRequest(record.apiId, '$default', record);
        recordHop(hops.api(record));
      },
    });
    const httpPort = await httpApi.listen(options.httpPort ?? 3000);
    cleanups.push(() => httpApi.close());
    const httpApiUrl = `http://127.0.0.1:${httpPort}`;

    const authorizer = topology.httpRoutes.find((route) => route.authorizer)?.authorizer;
    let demo: { token: string; until: number } | undefined;
    const localConsole = createConsole({
      topology,
      trace,
      hops,
      sqs,
      cloudWatch,
      ses,
      runtime,
      httpApiUrl: () => httpApiUrl,
      edgeUrl,
      ...(options.console ? { extensions: options.console } : {}),
      demoToken: async () => {
        if (!authorizer) return '';
        // Signed in again once the token is near its end (tokens last an hour).
        if (!demo || demo.until < Date.now()) {
          const signedIn = await signInDemoUser(cognito.pools, authorizer, 'ada');
          demo = {
            token: signedIn?.idToken ?? '',
            until: Date.now() + Math.max(0, (signedIn?.expiresIn ?? 0) - 300) * 1000,
          };
        }
        return demo.token;
      },
    });
    edge.register(localConsole.assets);
    edge.register(localConsole.stream);

    edge.register(
      controlApi([
        ['GET', /^\/__local\/health$/, () => ({ status: 'ok', edgeUrl, httpApiUrl })],
        ['GET', /^\/__local\/topology$/, () => topology],
        ['GET', /^\/__local\/trace\/(.+)$/, (_request, [id]) => trace.hops(id ?? '')],
        ['GET', /^\/__local\/mailbox$/, (request) => ses.listMailbox(mailboxQueryOf(request.query))],
        [
          'GET',
          /^\/__local\/stats$/,
          () => ({
            functions: runtime.stats(),
            eventSources: eventSources.map((s) => ({ ...s.spec, ...s.stats })),
            pipes: pipes.stats(),
          }),
        ],
        [
          'POST',
          /^\/__local\/faults\/put-events$/,
          (request) => {
            const body = jsonBody(request);
            bus.injectPutEventsFault({
              remaining: body.count === undefined ? undefined : Number(body.count),
              source: typeof body.source === 'string' ? body.source : undefined,
              detailType: typeof body.detailType === 'string' ? body.detailType : undefined,
            });
            return { ok: true };
          },
        ],
        ['DELETE', /^\/__local\/faults$/, () => bus.clearFaults()],
        [
          'POST',
          /^\/__local\/s3\/lifecycle$/,
          (request) => {
            const { asOf, bucket, prefix } = jsonBody(request);
            const when = typeof asOf === 'string' ? new Date(asOf) : new Date();
            if (Number.isNaN(when.getTime())) throw new Error('asOf must be an ISO 8601 time');
            const only =
              typeof bucket === 'string' ? { bucket, ...(typeof prefix === 'string' ? { prefix } : {}) } : undefined;
            return { expired: s3.sweepLifecycle(when, only) };
          },
        ],
        [
          'POST',
          /^\/__local\/event-sources\/([^/]+)$/,
          async (request, [functionName]) => {
            const sources = eventSources.filter((source) => source.spec.functionName === functionName);
            if (sources.length === 0) throw new Error(`No event source mapping for ${functionName}`);
            const enabled = jsonBody(request).enabled !== false;
            for (const source of sources) await source.setEnabled(enabled);
            return { functionName, enabled };
          },
        ],
        ['POST', /^\/__local\/schedules\/([^/]+)\/fire$/, (_request, [rule]) => scheduler.fire(rule ?? '')],
        ...localConsole.routes,
      ]),
    );

    return {
      topology,
      edgeUrl,
      httpApiUrl,
      consoleUrl: `${edgeUrl}/console/`,
      dataDir,
      runtime,
      bus,
      sqs,
      scheduler,
      stepFunctions: sfn,
      pipes,
      ses,
      userPools: cognito.pools,
      logs,
      trace,
      cloudWatch,
      cloudWatchLogs,
      eventSources,
      deployed,
      requestCounts: () => edge.requestCounts(),
      consumedCapacity: () => ({ ...consumedCapacity }),
      serviceMilliseconds: () => edge.serviceMilliseconds(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Deploys the stacks' alarms and dashboards with CloudWatch's own checks: one CloudWatch would
 * refuse, or whose action the local cloud cannot run, stops start-up naming it. Alarms are
 * created or updated (a kept alarm keeps its state, as an update does on AWS).
 */
function deployMonitoring(topology: Topology, cloudWatch: CloudWatchService, runtime: LambdaRuntime): void {
  for (const alarm of topology.alarms) {
    const where = `Stack ${alarm.stackName}: AWS::CloudWatch::Alarm ${alarm.logicalId}`;
    const actions = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((property) =>
      Array.isArray(alarm.definition[property])
        ? (alarm.definition[property] as unknown[]).map((action) => [property, String(action)] as const)
        : [],
    );
    for (const [property, action] of actions) {
      if (action.split(':')[2] !== 'lambda') {
        throw new Error(`${where}: ${property} ${action}: the local cloud runs Lambda alarm actions only`);
      }
      if (!runtime.resolveFunction(action))
        throw new Error(`${where}: ${property} ${action} is not a function the local cloud runs`);
    }
    try {
      cloudWatch.deployAlarm(alarm.definition);
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const dashboard of topology.dashboards) {
    try {
      cloudWatch.deployDashboard(dashboard.name, dashboard.body);
    } catch (error) {
      throw new Error(
        `Stack ${dashboard.stackName}: AWS::CloudWatch::Dashboard ${dashboard.logicalId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** `arn:aws:events:<region>:<account>:event-bus/<name>` → `<name>`. */
function busNameOfArn(busArn: string): string {
  return busArn.slice(busArn.indexOf(':event-bus/') + ':event-bus/'.length);
}

/** Every rule target must exist, as CloudFormation would not deploy a rule aimed at nothing. */
function checkTargets(
  topology: Topology,
  runtime: LambdaRuntime,
  sqs: SqsService,
  logGroups: ReadonlyMap<string, string>,
  stepFunctions: StepFunctionsService,
): void {
  const queueArns = new Set(sqs.listQueueArns());
  for (const rule of topology.rules) {
    for (const target of rule.targets) {
      const service = target.arn.split(':')[2];
      const exists =
        (service === 'sqs' && queueArns.has(target.arn)) ||
        (service === 'lambda' && runtime.resolveFunction(target.arn) !== undefined) ||
        (service === 'logs' && logGroups.has(target.arn)) ||
        (service === 'states' && stepFunctions.hasStateMachine(target.arn));
      const where = `Stack ${rule.stackName}: AWS::Events::Rule ${rule.logicalId}: target ${target.id} (${target.arn})`;
      if (!exists) throw new Error(`${where} is not a resource the local cloud runs`);
      // EventBridge delivers to a FIFO queue only with a message group and content-based deduplication.
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
      if (service === 'sqs' && target.arn.endsWith('.fifo')) {
        if (!target.sqsParameters?.messageGroupId)
          throw new Error(`${where}: a FIFO queue target needs SqsParameters.MessageGroupId`);
        if (sqs.getQueueAttributes(target.arn).ContentBasedDeduplication !== 'true') {
          throw new Error(`${where}: a FIFO queue target needs ContentBasedDeduplication on the queue`);
        }
      } else if (target.sqsParameters) {
        throw new Error(`${where}: SqsParameters applies to FIFO queue targets only`);
      }
    }
  }
  for (const mapping of topology.eventSourceMappings) {
    if (!queueArns.has(mapping.sourceArn))
      throw new Error(`Stack ${mapping.stackName}: event source ${mapping.sourceArn} does not exist`);
  }
}
