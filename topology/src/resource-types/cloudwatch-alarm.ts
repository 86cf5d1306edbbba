import { arnOf, defineResourceType, physicalName } from './resource-type.ts';

export interface AlarmSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The alarm's properties as PutMetricAlarm takes them (`AlarmName` included). */
  readonly definition: Readonly<Record<string, unknown>>;
}

/**
 * A metric alarm on one metric. Alarms on metric math (`Metrics`, `ThresholdMetricId`) are not
 * evaluated locally, so those properties stop start-up.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html
 */
export const CLOUDWATCH_ALARM = defineResourceType({
  type: 'AWS::CloudWatch::Alarm',
  nameProperty: 'AlarmName',
  supported: [
    'AlarmName',
    'AlarmDescription',
    'ActionsEnabled',
    'AlarmActions',
    'OKActions',
    'InsufficientDataActions',
    'Namespace',
    'MetricName',
    'Dimensions',
    'Statistic',
    'ExtendedStatistic',
    'Period',
    'Unit',
    'EvaluationPeriods',
    'DatapointsToAlarm',
    'Threshold',
    'ComparisonOperator',
    'TreatMissingData',
    'EvaluateLowSampleCountPercentile',
  ],
  accepted: ['Tags'],
  ref: physicalName,
  attributes: { Arn: (naming) => arnOf('cloudwatch', naming, `alarm:${physicalName(naming)}`) },
  topology: {
    collection: 'alarms',
    build: ({ logicalId, name, arn, properties }, { stackName }): AlarmSpec => {
      const { Tags: _tags, ...definition } = properties;
      return { stackName, logicalId, name, arn, definition: { ...definition, AlarmName: name } };
    },
  },
});
