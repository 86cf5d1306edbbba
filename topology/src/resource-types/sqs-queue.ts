import { arnOf, defineResourceType, physicalName, policyOnlyType, type ResourceNaming } from './resource-type.ts';

export interface QueueSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** SQS attribute names and string values, as `CreateQueue` takes them. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A FIFO queue's generated name ends in `.fifo`, as CloudFormation generates it. */
const queueName = (naming: ResourceNaming): string => {
  const fifo = String(naming.property('FifoQueue')) === 'true';
  return naming.name ?? `${physicalName(naming)}${fifo ? '.fifo' : ''}`;
};

/** Queue URLs point at the local edge, as AWS's point at SQS: the SDK sends to the URL's host. */
const queueUrl = (naming: ResourceNaming): string => `${naming.edgeUrl}/${naming.accountId}/${queueName(naming)}`;

const ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html */
export const SQS_QUEUE = defineResourceType({
  type: 'AWS::SQS::Queue',
  nameProperty: 'QueueName',
  supported: ['QueueName', ...ATTRIBUTES, 'RedrivePolicy'],
  accepted: ['Tags', 'RedriveAllowPolicy', 'SqsManagedSseEnabled', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds'],
  ref: queueUrl,
  attributes: {
    Arn: (naming) => arnOf('sqs', naming, queueName(naming)),
    QueueName: queueName,
    QueueUrl: queueUrl,
  },
  topology: {
    collection: 'queues',
    build: ({ logicalId, arn, properties }, stack): QueueSpec => {
      const url = String(stack.ref(logicalId));
      return {
        stackName: stack.stackName,
        logicalId,
        name: url.split('/').pop() ?? logicalId,
        arn,
        url,
        attributes: toQueueAttributes(properties),
      };
    },
  },
});

export const SQS_QUEUE_POLICY = policyOnlyType('AWS::SQS::QueuePolicy', ['Queues', 'PolicyDocument']);

function toQueueAttributes(properties: Readonly<Record<string, unknown>>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key of ATTRIBUTES) {
    if (properties[key] !== undefined) attributes[key] = String(properties[key]);
  }
  if (properties.RedrivePolicy !== undefined) {
    attributes.RedrivePolicy =
      typeof properties.RedrivePolicy === 'string'
        ? properties.RedrivePolicy
        : JSON.stringify(properties.RedrivePolicy);
  }
  return attributes;
}
