import { type AlarmStateChange, type CloudWatchService, createCloudWatchService } from '../cloudwatch/index.ts';
import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { SqsService } from '../sqs/index.ts';
import type { CloudContext } from './context.ts';

/** Where an alarm's state changes and actions go, once the bus and the Lambda runtime exist. */
export interface AlarmRoutes {
  readonly onStateChange: (change: AlarmStateChange) => void;
  readonly invokeFunction: (functionArn: string, payload: unknown) => void;
}

export interface WiredCloudWatch {
  readonly service: CloudWatchService;
  /** Connects alarms to the bus and to their Lambda actions; nothing changes state before `deploy`. */
  routeAlarms(routes: AlarmRoutes): void;
  /** Deploys the stacks' alarms and dashboards, and samples the queues' metrics. */
  deploy(runtime: LambdaRuntime, sqs: SqsService): void;
}

/**
 * Metrics, alarms and dashboards, at AWS's timing unless the options scale it. Alarm state
 * changes go to the default bus and Lambda alarm actions to the function, once both exist.
 */
export function wireCloudWatch(context: CloudContext): WiredCloudWatch {
  const { dataDir, region, accountId, options } = context;
  let routes: AlarmRoutes | undefined;
  const service = createCloudWatchService({
    dataDir,
    region,
    accountId,
    timeScale: options.cloudWatchTimeScale ?? 1,
    onStateChange: (change) => {
      if (!context.stopping()) routes?.onStateChange(change);
    },
    invokeFunction: (functionArn, payload) => {
      if (!context.stopping()) routes?.invokeFunction(functionArn, payload);
    },
  });
  context.onStop(() => service.close());
  for (const edgeService of service.edgeServices) context.edge.register(edgeService);
  return {
    service,
    routeAlarms: (next) => {
      routes = next;
    },
    deploy: (runtime, sqs) => {
      deployMonitoring(context, service, runtime);
      service.sampleQueues(() =>
        sqs
          .listQueueArns()
          .map((queueArn) => ({ queueName: queueArn.split(':')[5] ?? queueArn, ...sqs.queueStats(queueArn) })),
      );
    },
  };
}

/**
 * Deploys the stacks' alarms and dashboards with CloudWatch's own checks: one CloudWatch would
 * refuse, or whose action the local cloud cannot run, stops start-up naming it. Alarms are
 * created or updated (a kept alarm keeps its state, as an update does on AWS).
 */
function deployMonitoring(context: CloudContext, cloudWatch: CloudWatchService, runtime: LambdaRuntime): void {
  const { topology } = context;
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
