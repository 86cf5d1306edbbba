import { jsonProtocolService } from '../edge/json-protocol.ts';
import { rpcV2CborService } from '../edge/rpcv2-cbor-protocol.ts';
import type { EdgeService } from '../edge/types.ts';
import { type AlarmStateChange, Alarms, readAlarmDefinition } from './alarms.ts';
import { AwsServiceMetrics, type QueueSample } from './aws-metrics.ts';
import { Dashboards } from './dashboards.ts';
import { extractEmf } from './emf.ts';
import type { Input } from './input.ts';
import { Metrics } from './metrics.ts';
import { cloudWatchQueryService } from './query-protocol.ts';
import { CloudWatchStore } from './store.ts';

export type { AlarmStateChange } from './alarms.ts';
export type { AwsServiceMetrics, QueueSample } from './aws-metrics.ts';
export type { Dimension, MetricIdentity } from './store.ts';

export interface CloudWatchServiceOptions {
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  /** How many times faster than AWS alarm periods run (default 1, AWS's timing). */
  readonly timeScale?: number;
  readonly clock?: () => number;
  /** Evaluate alarms on timers (default true; tests that drive evaluation turn it off). */
  readonly evaluateOnTimer?: boolean;
  readonly onStateChange: (change: AlarmStateChange) => void;
  readonly invokeFunction: (functionArn: string, payload: unknown) => void;
}

/** The service shape's name in CloudWatch's model: the `X-Amz-Target` prefix and the CBOR path. */
const SERVICE = 'GraniteServiceVersion20100801';

/**
 * The local cloud's CloudWatch: metrics, alarms and dashboards behind the edge, over the JSON 1.0
 * protocol (SDK v3), Smithy RPC v2 CBOR (the AWS CLI) and the query protocol (older clients), and the in-process API the other
 * emulated services publish their `AWS/*` metrics through.
 */
export interface CloudWatchService {
  readonly edgeServices: readonly EdgeService[];
  readonly metrics: Metrics;
  readonly alarms: Alarms;
  readonly dashboards: Dashboards;
  /** Where the other emulated services publish their `AWS/*` metrics. */
  readonly awsMetrics: AwsServiceMetrics;
  /**
   * Samples the queues' gauges into `AWS/SQS` once a minute (scaled by the time scale), as SQS
   * reports them, and once at once.
   */
  sampleQueues(read: () => readonly QueueSample[]): void;
  /** Publishes the metrics of a log line in the embedded metric format (CloudWatch Logs' extraction). */
  ingestLogLine(line: string): void;
  /** Creates or updates an alarm declared in a stack (PutMetricAlarm's checks and semantics). */
  deployAlarm(definition: Input): void;
  deployDashboard(name: string, body: string): void;
  /** The period length the alarms run at here, for the start-up report. */
  readonly timeScale: number;
  close(): void;
}

export function createCloudWatchService(options: CloudWatchServiceOptions): CloudWatchService {
  const clock = options.clock ?? Date.now;
  const timeScale = options.timeScale ?? 1;
  const store = new CloudWatchStore(options.dataDir, clock());
  const metrics = new Metrics(store, clock);
  const alarms = new Alarms({
    store,
    metrics,
    clock,
    region: options.region,
    accountId: options.accountId,
    timeScale,
    evaluateOnTimer: options.evaluateOnTimer ?? true,
    onStateChange: options.onStateChange,
    invokeFunction: options.invokeFunction,
  });
  const dashboards = new Dashboards(store, clock, options.accountId);
  const awsMetrics = new AwsServiceMetrics(metrics);
  const samplers: NodeJS.Timeout[] = [];
  const operations = {
    PutMetricData: (input: Input) => metrics.putMetricData(input),
    GetMetricStatistics: (input: Input) => metrics.getMetricStatistics(input),
    GetMetricData: (input: Input) => metrics.getMetricData(input),
    ListMetrics: (input: Input) => metrics.listMetrics(input),
    PutMetricAlarm: (input: Input) => alarms.putMetricAlarm(input),
    DescribeAlarms: (input: Input) => alarms.describeAlarms(input),
    DescribeAlarmsForMetric: (input: Input) => alarms.describeAlarmsForMetric(input),
    DeleteAlarms: (input: Input) => alarms.deleteAlarms(input),
    SetAlarmState: (input: Input) => alarms.setAlarmState(input),
    DescribeAlarmHistory: (input: Input) => alarms.describeAlarmHistory(input),
    EnableAlarmActions: (input: Input) => alarms.setActionsEnabled(input, true),
    DisableAlarmActions: (input: Input) => alarms.setActionsEnabled(input, false),
    PutDashboard: (input: Input) => dashboards.putDashboard(input),
    GetDashboard: (input: Input) => dashboards.getDashboard(input),
    ListDashboards: (input: Input) => dashboards.listDashboards(input),
    DeleteDashboards: (input: Input) => dashboards.deleteDashboards(input),
  };
  const errorNamespace = 'com.amazonaws.cloudwatch';
  return {
    edgeServices: [
      jsonProtocolService({
        name: 'cloudwatch',
        targetPrefix: SERVICE,
        jsonVersion: '1.0',
        operations,
        errorNamespace,
      }),
      rpcV2CborService({ name: 'cloudwatch', serviceName: SERVICE, operations, errorNamespace }),
      cloudWatchQueryService(operations),
    ],
    metrics,
    alarms,
    dashboards,
    awsMetrics,
    ingestLogLine(line) {
      for (const point of extractEmf(line, clock()))
        metrics.publishValues(point.metric, point.values, point.unit, point.timestamp);
    },
    sampleQueues(read) {
      const sample = () => {
        for (const queue of read()) awsMetrics.queueSample(queue);
      };
      sample();
      samplers.push(setInterval(sample, Math.max(1, Math.round(60_000 / timeScale))).unref());
    },
    timeScale,
    deployAlarm(definition) {
      // The same checks as the API: a stack's alarm that CloudWatch would refuse stops start-up.
      readAlarmDefinition(definition);
      alarms.putMetricAlarm(definition);
    },
    deployDashboard(name, body) {
      dashboards.putDashboard({ DashboardName: name, DashboardBody: body });
    },
    close() {
      for (const sampler of samplers) clearInterval(sampler);
      alarms.close();
      store.close();
    },
  };
}
