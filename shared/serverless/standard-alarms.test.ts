import { describe, expect, it } from 'vitest';
import StandardAlarms from './standard-alarms.cjs';

const { standardAlarms, deadLetterQueues } = StandardAlarms;

const resources = {
  WorkQueue: {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: 'work',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['WorkDlq', 'Arn'] }, maxReceiveCount: 5 },
    },
  },
  WorkDlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'work-dlq' } },
  RuleDlq: { Type: 'AWS::SQS::Queue', Properties: {} },
  FailuresQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'failures' } },
  Plain: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'plain' } },
  Rule: {
    Type: 'AWS::Events::Rule',
    Properties: { Targets: [{ Id: 't', Arn: 'x', DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['RuleDlq', 'Arn'] } } }] },
  },
};
const functions = [
  { logicalId: 'WorkLambdaFunction', functionName: 'svc-dev-work', definition: {} },
  {
    logicalId: 'RelayLambdaFunction',
    functionName: 'svc-dev-relay',
    definition: { destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['FailuresQueue', 'Arn'] } } } },
  },
];

describe('the standard alarms of a stack', () => {
  it('finds the dead-letter queues of redrive policies, rule targets and on-failure destinations, and no other queue', () => {
    expect(deadLetterQueues(resources, functions)).toEqual(['FailuresQueue', 'RuleDlq', 'WorkDlq']);
  });

  it('alarms on any visible message in each dead-letter queue, named after the queue', () => {
    const alarms = standardAlarms({ stackName: 'svc-dev', resources, functions });
    expect(alarms.WorkDlqNotEmptyAlarm).toEqual({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: expect.objectContaining({
        AlarmName: 'work-dlq-not-empty',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['WorkDlq', 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }),
    });
    // A queue with a generated name gets an alarm named after the stack and the queue.
    expect(alarms.RuleDlqNotEmptyAlarm?.Properties?.AlarmName).toBe('svc-dev-RuleDlq-not-empty');
    expect(alarms.PlainNotEmptyAlarm).toBeUndefined();
  });

  it('alarms on the errors and throttles of every function', () => {
    const alarms = standardAlarms({ stackName: 'svc-dev', resources, functions });
    expect(Object.keys(alarms).filter((id) => /(Errors|Throttles)Alarm$/.test(id))).toEqual([
      'WorkErrorsAlarm',
      'WorkThrottlesAlarm',
      'RelayErrorsAlarm',
      'RelayThrottlesAlarm',
    ]);
    expect(alarms.WorkErrorsAlarm?.Properties).toMatchObject({
      AlarmName: 'svc-dev-work-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'WorkLambdaFunction' } }],
    });
    expect(alarms.WorkThrottlesAlarm?.Properties).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 3 });
  });
});
