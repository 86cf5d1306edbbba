'use strict';

/**
 * The alarms every stack of the shop gets without writing them: one per dead-letter queue and
 * two per function (errors, throttles). A Serverless Framework plugin adds them to the stack's
 * CloudFormation when it is packaged; the local cloud reads the same `standardAlarms` function,
 * so both run the same alarms. The alarms that need judgement (a queue's age, a saga's failures,
 * the HTTP API's 5xx, the pipe's failures) are written in the stacks themselves.
 *
 * No alarm has an action: every alarm state change reaches EventBridge's default bus
 * (`aws.cloudwatch` / `CloudWatch Alarm State Change`), where one operations rule, in the
 * notifications stack, turns it into an operator mail. One rule covers every alarm, including
 * the ones added later, and an alarm never mails twice. docs/observability.md explains.
 *
 * Usage, in serverless.yml: `plugins: ['@shop/shared/serverless-alarms']`.
 */

/**
 * A dead-letter queue is quiet in a healthy system: any visible message is an order that needs
 * a person (read it, fix the cause, redrive it with `aws sqs start-message-move-task`). The
 * maximum over one minute catches a message that was there for one sample; no data (SQS stops
 * publishing for a queue idle for hours) means nothing arrived.
 */
const DEAD_LETTER_QUEUE_ALARM = {
  MetricName: 'ApproximateNumberOfMessagesVisible',
  Namespace: 'AWS/SQS',
  Statistic: 'Maximum',
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
};

/**
 * An unhandled error is a bug or an outage in this system: expected failures (a declined card,
 * a provider outage, a malformed message) are handled and never throw. One error in five
 * minutes alarms; five clean minutes end it.
 */
const FUNCTION_ERRORS_ALARM = {
  MetricName: 'Errors',
  Namespace: 'AWS/Lambda',
  Statistic: 'Sum',
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
};

/**
 * A throttle is retried by whoever invoked (SQS, EventBridge, Pipes), so one is noise; throttling
 * in three of the last five minutes means the function's concurrency is too low for its load.
 */
const FUNCTION_THROTTLES_ALARM = {
  MetricName: 'Throttles',
  Namespace: 'AWS/Lambda',
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 5,
  DatapointsToAlarm: 3,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
};

/** `{ 'Fn::GetAtt': [X, 'Arn'] }` → `X`. */
function getAttTarget(value) {
  const getAtt = value && typeof value === 'object' ? value['Fn::GetAtt'] : undefined;
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') return getAtt[0];
  if (typeof getAtt === 'string' && getAtt.endsWith('.Arn')) return getAtt.slice(0, -'.Arn'.length);
  return undefined;
}

/**
 * The stack's dead-letter queues: the queues a redrive policy, an event rule target's
 * DeadLetterConfig or a function's on-failure destination sends to.
 * @param {Record<string, {Type: string, Properties?: Record<string, any>}>} resources
 * @param {Array<{definition: Record<string, any>}>} functions
 * @returns {string[]} their logical ids, sorted
 */
function deadLetterQueues(resources, functions) {
  const found = new Set();
  for (const resource of Object.values(resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::SQS::Queue') found.add(getAttTarget(properties.RedrivePolicy?.deadLetterTargetArn));
    if (resource.Type === 'AWS::Events::Rule') {
      for (const target of properties.Targets ?? []) found.add(getAttTarget(target?.DeadLetterConfig?.Arn));
    }
  }
  for (const { definition } of functions) {
    const onFailure = definition.destinations?.onFailure;
    found.add(
      getAttTarget(onFailure && typeof onFailure === 'object' && 'arn' in onFailure ? onFailure.arn : onFailure),
    );
  }
  return [...found].filter((id) => id !== undefined && resources[id]?.Type === 'AWS::SQS::Queue').sort();
}

/**
 * The standard alarms of one stack, as CloudFormation resources keyed by logical id.
 * @param {{
 *   stackName: string,
 *   resources: Record<string, {Type: string, Properties?: Record<string, any>}>,
 *   functions: Array<{ logicalId: string, functionName: string, definition: Record<string, any> }>,
 * }} stack
 */
function standardAlarms({ stackName, resources, functions }) {
  const alarms = {};
  const add = (logicalId, name, description, metric, dimensions) => {
    alarms[logicalId] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { AlarmName: name, AlarmDescription: description, ...metric, Dimensions: dimensions },
    };
  };
  for (const queueId of deadLetterQueues(resources, functions)) {
    const queueName = resources[queueId].Properties?.QueueName;
    add(
      `${queueId}NotEmptyAlarm`,
      `${typeof queueName === 'string' ? queueName : `${stackName}-${queueId}`}-not-empty`,
      'A message is waiting in a dead-letter queue: read it, fix the cause, then redrive it ' +
        '(aws sqs start-message-move-task --source-arn <this queue ARN>).',
      DEAD_LETTER_QUEUE_ALARM,
      [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    );
  }
  for (const fn of functions) {
    const dimensions = [{ Name: 'FunctionName', Value: { Ref: fn.logicalId } }];
    const base = fn.logicalId.replace(/LambdaFunction$/, '');
    add(
      `${base}ErrorsAlarm`,
      `${fn.functionName}-errors`,
      `${fn.functionName} raised an unhandled error: its logs say which and why.`,
      FUNCTION_ERRORS_ALARM,
      dimensions,
    );
    add(
      `${base}ThrottlesAlarm`,
      `${fn.functionName}-throttles`,
      `${fn.functionName} was throttled in 3 of the last 5 minutes: its concurrency is too low for its load.`,
      FUNCTION_THROTTLES_ALARM,
      dimensions,
    );
  }
  return alarms;
}

/** The Serverless Framework plugin: adds the standard alarms when the stack is packaged. */
class StandardAlarmsPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'package:compileEvents': () => this.addAlarms() };
  }

  addAlarms() {
    const { service } = this.serverless;
    const provider = this.serverless.getProvider('aws');
    const stage = provider.getStage();
    const template = service.provider.compiledCloudFormationTemplate;
    const functions = service.getAllFunctions().map((key) => {
      const definition = service.getFunction(key);
      return {
        logicalId: provider.naming.getLambdaLogicalId(key),
        functionName: definition.name ?? `${service.service}-${stage}-${key}`,
        definition,
      };
    });
    const alarms = standardAlarms({
      stackName: `${service.service}-${stage}`,
      resources: service.resources?.Resources ?? {},
      functions,
    });
    Object.assign(template.Resources, alarms);
  }
}

module.exports = StandardAlarmsPlugin;
module.exports.standardAlarms = standardAlarms;
module.exports.deadLetterQueues = deadLetterQueues;
