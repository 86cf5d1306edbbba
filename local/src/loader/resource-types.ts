/**
 * The CloudFormation resource types the local cloud understands: how each is named (`Ref`),
 * which attributes `Fn::GetAtt` can read, and which properties it emulates (`supported`) or
 * accepts with no local effect (`accepted`: IAM, encryption, tags, backups). Any other type or
 * property is a start-up error that names it.
 */
export interface ResourceNaming {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly edgeUrl: string;
  /** The resource's own naming property, already evaluated (`QueueName`, `Name`, ...), if set. */
  readonly name: string | undefined;
  /** Evaluates another property of the resource when an attribute depends on it. */
  readonly property: (name: string) => unknown;
}

export interface ResourceType {
  readonly nameProperty: string | undefined;
  readonly supported: readonly string[];
  readonly accepted: readonly string[];
  ref(naming: ResourceNaming): string;
  attributes: Readonly<Record<string, (naming: ResourceNaming) => string>>;
}

const physicalName = (naming: ResourceNaming): string => naming.name ?? `${naming.stackName}-${naming.logicalId}`;
const arn = (service: string, naming: ResourceNaming, resource: string): string =>
  `arn:aws:${service}:${naming.region}:${naming.accountId}:${resource}`;

const busNameOf = (naming: ResourceNaming): string => {
  const bus = naming.property('EventBusName');
  return typeof bus === 'string' && bus !== ''
    ? bus.startsWith('arn:')
      ? (bus.split('/').pop() ?? bus)
      : bus
    : 'default';
};

const TAGS = ['Tags', 'Description'];
const IAM_ONLY = {
  nameProperty: undefined,
  supported: [],
  ref: physicalName,
  attributes: {},
} as const;

export const RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
  'AWS::Events::EventBus': {
    nameProperty: 'Name',
    supported: ['Name'],
    accepted: [...TAGS],
    ref: physicalName,
    attributes: {
      Name: physicalName,
      Arn: (naming) => arn('events', naming, `event-bus/${physicalName(naming)}`),
    },
  },
  'AWS::Events::Archive': {
    nameProperty: 'ArchiveName',
    supported: ['ArchiveName', 'SourceArn', 'EventPattern', 'RetentionDays'],
    accepted: ['Description'],
    ref: physicalName,
    attributes: { Arn: (naming) => arn('events', naming, `archive/${physicalName(naming)}`) },
  },
  'AWS::Events::Rule': {
    nameProperty: 'Name',
    supported: ['Name', 'EventBusName', 'EventPattern', 'ScheduleExpression', 'State', 'Targets'],
    accepted: ['Description', 'RoleArn'],
    ref: (naming) =>
      busNameOf(naming) === 'default' ? physicalName(naming) : `${busNameOf(naming)}|${physicalName(naming)}`,
    attributes: {
      Arn: (naming) =>
        arn(
          'events',
          naming,
          busNameOf(naming) === 'default'
            ? `rule/${physicalName(naming)}`
            : `rule/${busNameOf(naming)}/${physicalName(naming)}`,
        ),
    },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    supported: [
      'QueueName',
      'VisibilityTimeout',
      'MessageRetentionPeriod',
      'DelaySeconds',
      'MaximumMessageSize',
      'ReceiveMessageWaitTimeSeconds',
      'RedrivePolicy',
    ],
    accepted: ['Tags', 'RedriveAllowPolicy', 'SqsManagedSseEnabled', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds'],
    ref: (naming) => `${naming.edgeUrl}/${naming.accountId}/${physicalName(naming)}`,
    attributes: {
      Arn: (naming) => arn('sqs', naming, physicalName(naming)),
      QueueName: physicalName,
      QueueUrl: (naming) => `${naming.edgeUrl}/${naming.accountId}/${physicalName(naming)}`,
    },
  },
  'AWS::SQS::QueuePolicy': { ...IAM_ONLY, accepted: ['Queues', 'PolicyDocument'] },
  'AWS::DynamoDB::Table': {
    nameProperty: 'TableName',
    // The DynamoDB emulator validates the table's properties itself (createTablesFromTemplates).
    supported: ['*'],
    accepted: [],
    ref: physicalName,
    attributes: { Arn: (naming) => arn('dynamodb', naming, `table/${physicalName(naming)}`) },
  },
  'AWS::Lambda::Function': {
    nameProperty: 'FunctionName',
    supported: [
      'FunctionName',
      'Handler',
      'Runtime',
      'Timeout',
      'MemorySize',
      'ReservedConcurrentExecutions',
      'Environment',
    ],
    accepted: [],
    ref: physicalName,
    attributes: { Arn: (naming) => arn('lambda', naming, `function:${physicalName(naming)}`) },
  },
  'AWS::Lambda::EventSourceMapping': {
    nameProperty: undefined,
    supported: [
      'EventSourceArn',
      'FunctionName',
      'BatchSize',
      'MaximumBatchingWindowInSeconds',
      'FunctionResponseTypes',
      'Enabled',
      'ScalingConfig',
    ],
    accepted: [],
    ref: physicalName,
    attributes: {},
  },
  'AWS::Lambda::EventInvokeConfig': {
    nameProperty: undefined,
    supported: ['FunctionName', 'Qualifier', 'MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig'],
    accepted: [],
    ref: physicalName,
    attributes: {},
  },
  'AWS::Logs::LogGroup': {
    nameProperty: 'LogGroupName',
    supported: ['LogGroupName', 'RetentionInDays'],
    accepted: ['Tags', 'KmsKeyId', 'DataProtectionPolicy'],
    ref: physicalName,
    attributes: { Arn: (naming) => arn('logs', naming, `log-group:${physicalName(naming)}:*`) },
  },
  'AWS::Logs::ResourcePolicy': { ...IAM_ONLY, accepted: ['PolicyName', 'PolicyDocument'] },
  // Resource-based permission to invoke a function: packaged and checked, not enforced locally.
  'AWS::Lambda::Permission': {
    ...IAM_ONLY,
    accepted: ['FunctionName', 'Action', 'Principal', 'SourceArn', 'SourceAccount'],
  },
  'AWS::IAM::Role': {
    ...IAM_ONLY,
    nameProperty: 'RoleName',
    accepted: ['RoleName', 'AssumeRolePolicyDocument', 'Policies', 'ManagedPolicyArns', 'Path', 'Tags', 'Description'],
    attributes: { Arn: (naming) => `arn:aws:iam::${naming.accountId}:role/${physicalName(naming)}` },
  },
};

/** `Custom::Name` and `AWS::CloudFormation::CustomResource`: a Lambda-backed deploy-time step. */
export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
