import { isAwsError } from '../edge/aws-error.ts';
import type { JsonOperation } from '../edge/json-protocol.ts';
import {
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  invalidBatchEntryId,
  invalidParameterValue,
  missingParameter,
  parameterOutOfRange,
  tooManyEntriesInBatchRequest,
  unsupportedOperation,
} from './errors.ts';
import { md5OfMessageAttributes } from './md5.ts';
import { type MessageAttributeInput, selectMessageAttributes, toWireAttributes } from './message-attributes.ts';
import type { SqsEngine, SqsMessage } from './sqs-engine.ts';

/**
 * The SQS API operations in the JSON protocol's shapes (member names as in the SQS model). The
 * query protocol converts its form parameters into these same inputs and renders the same
 * outputs as XML, so both protocols share one implementation.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
 */
export type SqsOperations = Readonly<Record<string, JsonOperation>>;

/** At most 10 entries per batch, and together at most 1 MiB of message payload. */
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_PAYLOAD_BYTES = 1_048_576;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_LIST_RESULTS = 1000;

/** Operations AWS has that the local cloud deliberately leaves out. */
const UNSUPPORTED = ['AddPermission', 'RemovePermission'] as const;

type Input = Record<string, unknown>;

interface BatchResultErrorEntry {
  readonly Id: string;
  readonly SenderFault: boolean;
  readonly Code: string;
  readonly Message: string;
}

export function createSqsOperations(engine: SqsEngine): SqsOperations {
  const operations: Record<string, JsonOperation> = {
    CreateQueue: (input) => ({
      QueueUrl: engine.createQueue(input.QueueName, readMap(input, 'Attributes'), readMap(input, 'tags')).queueUrl,
    }),

    GetQueueUrl: (input) => ({ QueueUrl: engine.getQueueUrl(input.QueueName, input.QueueOwnerAWSAccountId) }),

    ListQueues: (input) => {
      const page = paginate(
        engine.listQueueNames(readString(input, 'QueueNamePrefix') ?? ''),
        input.MaxResults,
        input.NextToken,
      );
      const urls = page.items.map((name) => engine.identityOf(name).queueUrl);
      return {
        ...(urls.length > 0 ? { QueueUrls: urls } : {}),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },

    DeleteQueue: (input) => {
      engine.deleteQueue(requireQueueUrl(input));
      return {};
    },

    GetQueueAttributes: (input) => {
      const names = readStringList(input, 'AttributeNames') ?? [];
      const queueUrl = requireQueueUrl(input);
      if (names.length === 0) {
        engine.getQueueAttributes(queueUrl, []);
        return {};
      }
      const attributes = engine.getQueueAttributes(queueUrl, names);
      return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
    },

    SetQueueAttributes: (input) => {
      const attributes = readMap(input, 'Attributes');
      if (!attributes) throw missingParameter('Attributes');
      engine.setQueueAttributes(requireQueueUrl(input), attributes);
      return {};
    },

    PurgeQueue: (input) => {
      engine.purgeQueue(requireQueueUrl(input));
      return {};
    },

    SendMessage: (input) => sendOne(engine, requireQueueUrl(input), input),

    SendMessageBatch: (input) => {
      const queueUrl = requireQueueUrl(input);
      engine.queueIdentity(queueUrl);
      const entries = readBatchEntries(input, 'SendMessageBatchRequestEntry');
      const total = entries.reduce(
        (sum, entry) =>
          sum +
          engine.messageSize({
            body: entry.MessageBody as string,
            messageAttributes: readMap(entry, 'MessageAttributes') as Record<string, MessageAttributeInput> | undefined,
          }),
        0,
      );
      if (total > MAX_BATCH_PAYLOAD_BYTES) throw batchRequestTooLong(MAX_BATCH_PAYLOAD_BYTES, total);
      return runBatch(entries, (entry) => sendOne(engine, queueUrl, entry));
    },

    ReceiveMessage: async (input) => {
      const messages = await engine.receiveMessages(requireQueueUrl(input), {
        maxNumberOfMessages: readInteger(input, 'MaxNumberOfMessages'),
        waitTimeSeconds: readInteger(input, 'WaitTimeSeconds'),
        visibilityTimeout: readInteger(input, 'VisibilityTimeout'),
      });
      const systemNames = [
        ...(readStringList(input, 'AttributeNames') ?? []),
        ...(readStringList(input, 'MessageSystemAttributeNames') ?? []),
      ];
      const attributeNames = readStringList(input, 'MessageAttributeNames');
      if (messages.length === 0) return {};
      return { Messages: messages.map((message) => toWireMessage(message, systemNames, attributeNames)) };
    },

    DeleteMessage: (input) => {
      engine.deleteMessage(requireQueueUrl(input), input.ReceiptHandle);
      return {};
    },

    DeleteMessageBatch: (input) => {
      const queueUrl = requireQueueUrl(input);
      engine.queueIdentity(queueUrl);
      const entries = readBatchEntries(input, 'DeleteMessageBatchRequestEntry');
      return runBatch(entries, (entry) => {
        engine.deleteMessage(queueUrl, entry.ReceiptHandle);
        return {};
      });
    },

    ChangeMessageVisibility: (input) => {
      engine.changeMessageVisibility(
        requireQueueUrl(input),
        input.ReceiptHandle,
        readInteger(input, 'VisibilityTimeout'),
      );
      return {};
    },

    ChangeMessageVisibilityBatch: (input) => {
      const queueUrl = requireQueueUrl(input);
      engine.queueIdentity(queueUrl);
      const entries = readBatchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
      return runBatch(entries, (entry) => {
        engine.changeMessageVisibility(queueUrl, entry.ReceiptHandle, readInteger(entry, 'VisibilityTimeout'));
        return {};
      });
    },

    ListDeadLetterSourceQueues: (input) => {
      const page = paginate(
        engine.listDeadLetterSourceQueueNames(requireQueueUrl(input)),
        input.MaxResults,
        input.NextToken,
      );
      return {
        queueUrls: page.items.map((name) => engine.identityOf(name).queueUrl),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },

    StartMessageMoveTask: (input) =>
      engine.startMessageMoveTask({
        sourceArn: input.SourceArn,
        destinationArn: input.DestinationArn,
        maxNumberOfMessagesPerSecond: input.MaxNumberOfMessagesPerSecond,
      }),

    ListMessageMoveTasks: (input) => engine.listMessageMoveTasks(input.SourceArn, input.MaxResults),

    CancelMessageMoveTask: (input) => engine.cancelMessageMoveTask(input.TaskHandle),

    TagQueue: (input) => {
      const tags = readMap(input, 'Tags');
      if (!tags) throw missingParameter('Tags');
      engine.tagQueue(requireQueueUrl(input), tags);
      return {};
    },

    UntagQueue: (input) => {
      const keys = readStringList(input, 'TagKeys');
      if (!keys) throw missingParameter('TagKeys');
      engine.untagQueue(requireQueueUrl(input), keys);
      return {};
    },

    ListQueueTags: (input) => {
      const tags = engine.listQueueTags(requireQueueUrl(input));
      return Object.keys(tags).length > 0 ? { Tags: tags } : {};
    },
  };
  for (const name of UNSUPPORTED) {
    operations[name] = () => {
      throw unsupportedOperation(`${name} is not supported by the local cloud's SQS.`);
    };
  }
  return operations;
}

/** The system attribute names a receive asked for (`All` means every one). */
function selectSystemAttributes(message: SqsMessage, requested: readonly string[]): Record<string, string> {
  const all = requested.includes('All');
  const selected: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    if (typeof value === 'string' && (all || requested.includes(name))) selected[name] = value;
  }
  return selected;
}

/**
 * One received message in the wire shape. `MD5OfMessageAttributes` digests the attributes that
 * are returned, as SQS does, so clients can verify what they got.
 */
function toWireMessage(
  message: SqsMessage,
  systemNames: readonly string[],
  attributeNames: readonly string[] | undefined,
): Record<string, unknown> {
  const attributes = selectSystemAttributes(message, systemNames);
  const messageAttributes = selectMessageAttributes(message.messageAttributes, attributeNames);
  const md5 = md5OfMessageAttributes(messageAttributes);
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
    ...(md5 ? { MD5OfMessageAttributes: md5, MessageAttributes: toWireAttributes(messageAttributes) } : {}),
  };
}

/**
 * Batch-level validation, in AWS's order: no entries, more than 10, a malformed Id, a repeated
 * Id. Any of these fails the whole request; per-entry problems fail only that entry.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html
 */
function readBatchEntries(input: Input, entryName: string): Input[] {
  const entries = input.Entries;
  if (entries === undefined || entries === null || (Array.isArray(entries) && entries.length === 0)) {
    throw emptyBatchRequest(entryName);
  }
  if (!Array.isArray(entries)) throw invalidParameterValue('Entries must be a list.');
  if (entries.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest(entries.length);
  const ids = new Set<string>();
  for (const entry of entries) {
    const id = typeof entry === 'object' && entry !== null ? (entry as Input).Id : undefined;
    if (typeof id !== 'string' || !BATCH_ENTRY_ID.test(id)) throw invalidBatchEntryId();
    if (ids.has(id)) throw batchEntryIdsNotDistinct(id);
    ids.add(id);
  }
  return entries as Input[];
}

/** Runs each entry alone and reports it as Successful or Failed, as the batch APIs do. */
function runBatch(
  entries: readonly Input[],
  run: (entry: Input) => Record<string, unknown>,
): { Successful: Record<string, unknown>[]; Failed: BatchResultErrorEntry[] } {
  const Successful: Record<string, unknown>[] = [];
  const Failed: BatchResultErrorEntry[] = [];
  for (const entry of entries) {
    const id = entry.Id as string;
    try {
      Successful.push({ Id: id, ...run(entry) });
    } catch (error) {
      if (!isAwsError(error)) throw error;
      Failed.push({
        Id: id,
        SenderFault: error.fault === 'Sender',
        Code: error.queryCode ?? error.code,
        Message: error.message,
      });
    }
  }
  return { Successful, Failed };
}

function paginate(
  names: readonly string[],
  maxResults: unknown,
  nextToken: unknown,
): { items: string[]; nextToken: string | undefined } {
  if (maxResults !== undefined && maxResults !== null) {
    if (
      typeof maxResults !== 'number' ||
      !Number.isInteger(maxResults) ||
      maxResults < 1 ||
      maxResults > MAX_LIST_RESULTS
    ) {
      throw parameterOutOfRange('MaxResults', maxResults, 'Must be between 1 and 1000, if provided.');
    }
  }
  let start = 0;
  if (typeof nextToken === 'string' && nextToken !== '') {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    start = names.findIndex((name) => name > after);
    if (start < 0) start = names.length;
  }
  const pageSize = typeof maxResults === 'number' ? maxResults : MAX_LIST_RESULTS;
  const items = names.slice(start, start + pageSize);
  const hasMore = typeof maxResults === 'number' && start + pageSize < names.length;
  const last = items.at(-1);
  return { items, nextToken: hasMore && last ? Buffer.from(last, 'utf8').toString('base64url') : undefined };
}

function requireQueueUrl(input: Input): string {
  const queueUrl = input.QueueUrl;
  if (typeof queueUrl !== 'string' || queueUrl === '') throw missingParameter('QueueUrl');
  return queueUrl;
}

function readString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameterValue(`Value for parameter ${name} must be a string.`);
  return value;
}

function readInteger(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw parameterOutOfRange(name, value, 'Must be an integer.');
  }
  return value;
}

function readMap(input: Input, name: string): Record<string, unknown> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameterValue(`Value for parameter ${name} must be a map.`);
  }
  return value as Record<string, unknown>;
}

function readStringList(input: Input, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidParameterValue(`Value for parameter ${name} must be a list of strings.`);
  }
  return value as string[];
}

/** One SendMessage, or one SendMessageBatch entry: the same input fields and the same answer. */
function sendOne(engine: SqsEngine, queueUrl: string, input: Record<string, unknown>): Record<string, unknown> {
  const result = engine.sendMessage(queueUrl, {
    body: input.MessageBody as string,
    messageAttributes: readMap(input, 'MessageAttributes') as Record<string, MessageAttributeInput> | undefined,
    messageSystemAttributes: readMap(input, 'MessageSystemAttributes') as
      | Record<string, MessageAttributeInput>
      | undefined,
    delaySeconds: readInteger(input, 'DelaySeconds'),
    messageGroupId: input.MessageGroupId,
    messageDeduplicationId: input.MessageDeduplicationId,
  });
  return {
    MessageId: result.messageId,
    MD5OfMessageBody: result.md5OfMessageBody,
    ...(result.md5OfMessageAttributes ? { MD5OfMessageAttributes: result.md5OfMessageAttributes } : {}),
    ...(result.md5OfMessageSystemAttributes
      ? { MD5OfMessageSystemAttributes: result.md5OfMessageSystemAttributes }
      : {}),
    ...(result.sequenceNumber ? { SequenceNumber: result.sequenceNumber } : {}),
  };
}
