import { arnOf, defineResourceType, physicalName, policyOnlyType } from './resource-type.ts';

export interface LogGroupSpec {
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
  readonly retentionInDays: number | undefined;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html */
export const LOG_GROUP = defineResourceType({
  type: 'AWS::Logs::LogGroup',
  nameProperty: 'LogGroupName',
  supported: ['LogGroupName', 'RetentionInDays'],
  accepted: ['Tags', 'KmsKeyId', 'DataProtectionPolicy'],
  ref: physicalName,
  attributes: { Arn: (naming) => arnOf('logs', naming, `log-group:${physicalName(naming)}:*`) },
  topology: {
    collection: 'logGroups',
    build: ({ name, arn, properties }, { stackName }): LogGroupSpec => ({
      stackName,
      name,
      arn,
      retentionInDays: properties.RetentionInDays === undefined ? undefined : Number(properties.RetentionInDays),
    }),
  },
});

export const LOGS_RESOURCE_POLICY = policyOnlyType('AWS::Logs::ResourcePolicy', ['PolicyName', 'PolicyDocument']);
