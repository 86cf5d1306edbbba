import { invalidAttributeName, invalidAttributeValue, invalidParameterValue } from './errors.ts';

/**
 * The settable attributes of a queue, their ranges and defaults, from the CreateQueue
 * and SetQueueAttributes API reference (message size as raised to 1 MiB in August 2025).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
 */
export const QUEUE_ATTRIBUTE_DEFAULTS: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

/** The longest a message may stay invisible after one receive: 12 hours. */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
export const MAX_DELAY_SECONDS = 900;
export const MAX_WAIT_TIME_SECONDS = 20;

type Normalizer = (name: string, value: string) => string;

const integerBetween =
  (min: number, max: number): Normalizer =>
  (name, value) => {
    if (!/^\d+$/.test(value.trim())) throw invalidAttributeValue(name);
    const number = Number(value.trim());
    if (number < min || number > max) throw invalidAttributeValue(name);
    return String(number);
  };

const jsonDocument: Normalizer = (name, value) => {
  try {
    JSON.parse(value);
  } catch {
    throw invalidAttributeValue(name, 'The value is not a valid JSON document.');
  }
  return value;
};

const booleanFlag: Normalizer = (name, value) => {
  const lower = value.trim().toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw invalidAttributeValue(name);
  return lower;
};

const anyText: Normalizer = (_name, value) => value;

const SETTABLE: Readonly<Record<string, Normalizer>> = {
  DelaySeconds: integerBetween(0, MAX_DELAY_SECONDS),
  MaximumMessageSize: integerBetween(1024, 1_048_576),
  MessageRetentionPeriod: integerBetween(60, 1_209_600),
  ReceiveMessageWaitTimeSeconds: integerBetween(0, MAX_WAIT_TIME_SECONDS),
  VisibilityTimeout: integerBetween(0, MAX_VISIBILITY_TIMEOUT_SECONDS),
  Policy: jsonDocument,
  RedrivePolicy: (_name, value) => serializeRedrivePolicy(parseRedrivePolicy(value)),
  RedriveAllowPolicy: jsonDocument,
  KmsMasterKeyId: anyText,
  KmsDataKeyReusePeriodSeconds: integerBetween(60, 86_400),
  SqsManagedSseEnabled: booleanFlag,
};

/** Attributes whose empty value removes them (SetQueueAttributes with `RedrivePolicy=""`). */
const REMOVABLE = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId']);

const oneOf =
  (...values: string[]): Normalizer =>
  (name, value) => {
    if (!values.includes(value)) throw invalidAttributeValue(name);
    return value;
  };

/** Settable on FIFO queues only; a standard queue does not know these names. */
const FIFO_SETTABLE: Readonly<Record<string, Normalizer>> = {
  ContentBasedDeduplication: booleanFlag,
  DeduplicationScope: oneOf('messageGroup', 'queue'),
  FifoThroughputLimit: oneOf('perQueue', 'perMessageGroupId'),
};
const FIFO_ONLY = new Set(Object.keys(FIFO_SETTABLE));

/** A FIFO queue's defaults besides the common ones. */
export const FIFO_ATTRIBUTE_DEFAULTS: Readonly<Record<string, string>> = {
  FifoQueue: 'true',
  ContentBasedDeduplication: 'false',
  DeduplicationScope: 'queue',
  FifoThroughputLimit: 'perQueue',
};

/** Every name GetQueueAttributes accepts (the FIFO ones answer only on FIFO queues). */
export const READABLE_QUEUE_ATTRIBUTES: readonly string[] = [
  'All',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  ...Object.keys(SETTABLE),
  'FifoQueue',
  ...FIFO_ONLY,
];

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/**
 * Validates and canonicalises queue attributes for CreateQueue/SetQueueAttributes. Returns the
 * attributes to store; `null` marks one to remove. `FifoQueue` is for CreateQueue only (a queue
 * never changes type); the FIFO attributes exist on FIFO queues only, and a standard queue
 * answers them as unknown names, as SQS does. `FifoThroughputLimit: perMessageGroupId` needs
 * `DeduplicationScope: messageGroup`.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
 */
export function normalizeQueueAttributes(
  attributes: Readonly<Record<string, unknown>>,
  queue: { fifo: boolean; creating: boolean; current?: Readonly<Record<string, string>> },
): Record<string, string | null> {
  const normalized: Record<string, string | null> = {};
  for (const [name, raw] of Object.entries(attributes)) {
    if (typeof raw !== 'string') throw invalidAttributeValue(name);
    if (name === 'FifoQueue') {
      if (!queue.creating) throw invalidAttributeName(name);
      const flag = booleanFlag(name, raw);
      if (flag !== String(queue.fifo)) throw invalidAttributeValue(name);
      if (queue.fifo) normalized[name] = flag;
      continue;
    }
    const normalize = SETTABLE[name] ?? (queue.fifo ? FIFO_SETTABLE[name] : undefined);
    if (!normalize) throw invalidAttributeName(name);
    normalized[name] = raw === '' && REMOVABLE.has(name) ? null : normalize(name, raw);
  }
  if (queue.fifo) {
    const merged = { ...FIFO_ATTRIBUTE_DEFAULTS, ...queue.current, ...normalized };
    if (merged.FifoThroughputLimit === 'perMessageGroupId' && merged.DeduplicationScope !== 'messageGroup') {
      throw invalidAttributeValue(
        'FifoThroughputLimit',
        'FifoThroughputLimit perMessageGroupId requires DeduplicationScope messageGroup.',
      );
    }
  }
  return normalized;
}

/**
 * Parses a RedrivePolicy JSON document. `maxReceiveCount` may arrive as a number or a numeric
 * string (CloudFormation sends either); it must be 1..1000.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export function parseRedrivePolicy(value: string): RedrivePolicy {
  const invalid = (reason: string) =>
    invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  const { deadLetterTargetArn, maxReceiveCount } = parsed as Record<string, unknown>;
  if (typeof deadLetterTargetArn !== 'string' || !deadLetterTargetArn.startsWith('arn:')) {
    throw invalid('Invalid value for deadLetterTargetArn.');
  }
  const count = typeof maxReceiveCount === 'string' ? Number(maxReceiveCount) : maxReceiveCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid(
      `Invalid value for maxReceiveCount: ${String(maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return { deadLetterTargetArn, maxReceiveCount: count };
}

/** The canonical form GetQueueAttributes returns (`maxReceiveCount` as a number). */
export function serializeRedrivePolicy(policy: RedrivePolicy): string {
  return JSON.stringify({ deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount });
}
