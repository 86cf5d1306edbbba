import type { Metrics } from './metrics.ts';
import type { Dimension } from './store.ts';

/** What the SQS sampler reads of each queue: its name and GetQueueAttributes' counters. */
export interface QueueSample {
  readonly queueName: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly oldestMessageAgeSeconds: number;
}

/**
 * The metrics AWS services publish about themselves, for what the local cloud runs: the same
 * namespaces, names, dimensions and units as on AWS, so that the stacks' alarms and dashboards
 * read the same metrics here as there.
 * - `AWS/Lambda` {FunctionName}: Invocations, Errors, Throttles, Duration (per invocation).
 * - `AWS/States` {StateMachineArn}: ExecutionsStarted, ExecutionsSucceeded, ExecutionsFailed,
 *   ExecutionsTimedOut, ExecutionsAborted, ExecutionTime.
 * - `AWS/ApiGateway` {ApiId} and {ApiId, Stage}: Count, 4xx, 5xx, Latency (HTTP APIs).
 * - `AWS/Events` {RuleName} and {EventBusName, RuleName}: MatchedEvents, TriggeredRules,
 *   Invocations, FailedInvocations.
 * - `AWS/EventBridge/Pipes` {PipeName}: Invocations, Duration, ExecutionFailed and the stage
 *   failures.
 * - `AWS/SQS` {QueueName}: the queue gauges, sampled once a minute as SQS reports them.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/aws-services-cloudwatch-metrics.html
 */
export class AwsServiceMetrics {
  readonly #metrics: Metrics;

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  /** https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html */
  lambdaInvocation(record: {
    functionName: string;
    durationMs: number;
    outcome: 'Success' | 'Unhandled' | 'Throttled';
  }) {
    const dimensions = [{ Name: 'FunctionName', Value: record.functionName }];
    if (record.outcome === 'Throttled') {
      this.#put('AWS/Lambda', 'Throttles', dimensions, 1, 'Count');
      return;
    }
    this.#put('AWS/Lambda', 'Invocations', dimensions, 1, 'Count');
    this.#put('AWS/Lambda', 'Errors', dimensions, record.outcome === 'Unhandled' ? 1 : 0, 'Count');
    this.#put('AWS/Lambda', 'Throttles', dimensions, 0, 'Count');
    this.#put('AWS/Lambda', 'Duration', dimensions, record.durationMs, 'Milliseconds');
  }

  /** https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html */
  execution(record: { stateMachineArn: string; status: string; startDate: number; stopDate: number | undefined }) {
    const dimensions = [{ Name: 'StateMachineArn', Value: record.stateMachineArn }];
    const name = EXECUTION_METRICS[record.status];
    if (!name) return;
    this.#put('AWS/States', name, dimensions, 1, 'Count');
    if (record.status !== 'RUNNING' && record.stopDate !== undefined) {
      this.#put('AWS/States', 'ExecutionTime', dimensions, record.stopDate - record.startDate, 'Milliseconds');
    }
  }

  /** https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html */
  httpRequest(apiId: string, stage: string, record: { status: number; latencyMs: number }) {
    for (const dimensions of [
      [{ Name: 'ApiId', Value: apiId }],
      [
        { Name: 'ApiId', Value: apiId },
        { Name: 'Stage', Value: stage },
      ],
    ]) {
      this.#put('AWS/ApiGateway', 'Count', dimensions, 1, 'Count');
      this.#put('AWS/ApiGateway', '4xx', dimensions, record.status >= 400 && record.status < 500 ? 1 : 0, 'Count');
      this.#put('AWS/ApiGateway', '5xx', dimensions, record.status >= 500 ? 1 : 0, 'Count');
      this.#put('AWS/ApiGateway', 'Latency', dimensions, record.latencyMs, 'Milliseconds');
    }
  }

  /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html */
  ruleMatched(busName: string, ruleName: string, targets: number) {
    for (const dimensions of ruleDimensions(busName, ruleName)) {
      this.#put('AWS/Events', 'MatchedEvents', dimensions, 1, 'Count');
      this.#put('AWS/Events', 'TriggeredRules', dimensions, 1, 'Count');
      this.#put('AWS/Events', 'Invocations', dimensions, targets, 'Count');
    }
  }

  ruleDeliveryFailed(busName: string, ruleName: string) {
    for (const dimensions of ruleDimensions(busName, ruleName)) {
      this.#put('AWS/Events', 'FailedInvocations', dimensions, 1, 'Count');
    }
  }

  /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-monitoring.html */
  pipeExecution(pipeName: string, outcome: string, durationMs: number) {
    const dimensions = [{ Name: 'PipeName', Value: pipeName }];
    if (outcome === 'Filtered') {
      this.#put('AWS/EventBridge/Pipes', 'EventCount', dimensions, 1, 'Count');
      return;
    }
    const failed = outcome === 'EnrichmentStageFailed' || outcome === 'TargetStageFailed';
    this.#put('AWS/EventBridge/Pipes', 'Invocations', dimensions, 1, 'Count');
    this.#put('AWS/EventBridge/Pipes', 'Duration', dimensions, durationMs, 'Milliseconds');
    this.#put('AWS/EventBridge/Pipes', 'ExecutionFailed', dimensions, failed ? 1 : 0, 'Count');
    this.#put(
      'AWS/EventBridge/Pipes',
      'ExecutionPartiallyFailed',
      dimensions,
      outcome === 'TargetStagePartiallyFailed' ? 1 : 0,
      'Count',
    );
    if (outcome === 'EnrichmentStageFailed')
      this.#put('AWS/EventBridge/Pipes', 'EnrichmentStageFailed', dimensions, 1, 'Count');
    if (outcome === 'TargetStageFailed')
      this.#put('AWS/EventBridge/Pipes', 'TargetStageFailed', dimensions, 1, 'Count');
  }

  /** https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html */
  queueSample(sample: QueueSample) {
    const dimensions = [{ Name: 'QueueName', Value: sample.queueName }];
    this.#put('AWS/SQS', 'ApproximateNumberOfMessagesVisible', dimensions, sample.visible, 'Count');
    this.#put('AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', dimensions, sample.inFlight, 'Count');
    this.#put('AWS/SQS', 'ApproximateNumberOfMessagesDelayed', dimensions, sample.delayed, 'Count');
    this.#put('AWS/SQS', 'ApproximateAgeOfOldestMessage', dimensions, sample.oldestMessageAgeSeconds, 'Seconds');
  }

  #put(namespace: string, metricName: string, dimensions: readonly Dimension[], value: number, unit: string) {
    this.#metrics.publish({ namespace, metricName, dimensions }, value, unit);
  }
}

const EXECUTION_METRICS: Readonly<Record<string, string>> = {
  RUNNING: 'ExecutionsStarted',
  SUCCEEDED: 'ExecutionsSucceeded',
  FAILED: 'ExecutionsFailed',
  TIMED_OUT: 'ExecutionsTimedOut',
  ABORTED: 'ExecutionsAborted',
};

/** A rule's metrics: by rule name, and by bus and rule name for a rule on a custom bus. */
function ruleDimensions(busName: string, ruleName: string): Dimension[][] {
  const byRule = [{ Name: 'RuleName', Value: ruleName }];
  if (busName === 'default') return [byRule];
  return [
    byRule,
    [
      { Name: 'EventBusName', Value: busName },
      { Name: 'RuleName', Value: ruleName },
    ],
  ];
}
