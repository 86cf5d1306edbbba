import { randomUUID } from 'node:crypto';
import { jsonProtocolService } from '../edge/json-protocol.ts';
import type { EdgeResponse, EdgeService } from '../edge/types.ts';
import { createSqsOperations } from './operations.ts';
import { handleQueryRequest, isSqsQueryRequest } from './query-protocol.ts';
import {
  type QueueStats,
  type ReceiveMessagesOptions,
  type SendMessageInput,
  type SendMessageResult,
  SqsEngine,
  type SqsEngineOptions,
  type SqsMessage,
} from './sqs-engine.ts';

export { toLambdaSqsRecord } from './lambda-record.ts';
export type { MessageAttributeInput, MessageAttributeValue } from './message-attributes.ts';
export type {
  QueueStats,
  ReceiveMessagesOptions,
  SendMessageInput,
  SendMessageResult,
  SqsMessage,
  SqsMessageSystemAttributes,
} from './sqs-engine.ts';

export type SqsServiceOptions = SqsEngineOptions;

/**
 * The local cloud's SQS: one engine behind two faces. `edge` serves the wire protocols (JSON 1.0
 * for SDK v3, the query protocol for older CLIs); the methods are the in-process API the Lambda
 * event source mappings and EventBridge targets use, with the same semantics and errors.
 */
export interface SqsService {
  readonly edge: EdgeService;
  /** CreateQueue: idempotent for identical attributes; `QueueNameExists` when they differ. */
  createQueue(
    name: string,
    attributes?: Readonly<Record<string, string>>,
    tags?: Readonly<Record<string, string>>,
  ): { queueUrl: string; queueArn: string };
  sendMessage(queueArnOrUrl: string, message: SendMessageInput): SendMessageResult;
  /** ReceiveMessage with every system and message attribute (Lambda passes them all on). */
  receiveMessages(queueArnOrUrl: string, options: ReceiveMessagesOptions): Promise<SqsMessage[]>;
  deleteMessage(queueArnOrUrl: string, receiptHandle: string): void;
  changeMessageVisibility(queueArnOrUrl: string, receiptHandle: string, seconds: number): void;
  /** Counters and ApproximateAgeOfOldestMessage, for the console and the CloudWatch alarms. */
  queueStats(queueArnOrUrl: string): QueueStats;
  /** GetQueueAttributes `All` (VisibilityTimeout, RedrivePolicy, counters, ...). */
  getQueueAttributes(queueArnOrUrl: string): Record<string, string>;
  queueUrlOf(queueArnOrUrl: string): string;
  listQueueArns(): string[];
  /** How many long-poll receives are parked on the queue (the console shows waiting consumers). */
  waitingReceives(queueArnOrUrl: string): number;
  /** A queue's messages, oldest first, without receiving them (the console). */
  peekMessages(queueArnOrUrl: string, limit?: number): ReturnType<SqsEngine['peekMessages']>;
  /**
   * Ends the visibility timeout of the queue's in-flight messages now, as if it had run out (not an
   * SQS call: the operator's way not to wait for what a dead consumer held); how many came back.
   */
  endVisibilityTimeouts(queueArnOrUrl: string): number;
  /** StartMessageMoveTask, in process (the console's redrive). */
  startMessageMoveTask(sourceArn: string): { TaskHandle: string };
  /** Releases parked long polls (they answer empty) and closes the database. */
  close(): void;
}

export function createSqsService(options: SqsServiceOptions): SqsService {
  const engine = new SqsEngine(options);
  const operations = createSqsOperations(engine);
  const json = jsonProtocolService({
    name: 'sqs',
    targetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    operations,
    errorNamespace: 'com.amazonaws.sqs',
  });
  const edge: EdgeService = {
    name: 'sqs',
    claims: (request) => json.claims(request) || isSqsQueryRequest(request),
    async handle(request) {
      if (json.claims(request)) return withRequestId(await json.handle(request));
      return handleQueryRequest(request, operations, options.edgeUrl);
    },
  };
  return {
    edge,
    createQueue(name, attributes = {}, tags = {}) {
      const { queueUrl, queueArn } = engine.createQueue(name, attributes, tags);
      return { queueUrl, queueArn };
    },
    sendMessage: (queue, message) => engine.sendMessage(queue, message),
    receiveMessages: (queue, receiveOptions) => engine.receiveMessages(queue, receiveOptions),
    deleteMessage: (queue, receiptHandle) => engine.deleteMessage(queue, receiptHandle),
    changeMessageVisibility: (queue, receiptHandle, seconds) =>
      engine.changeMessageVisibility(queue, receiptHandle, seconds),
    queueStats: (queue) => engine.queueStats(queue),
    peekMessages: (queue, limit) => engine.peekMessages(queue, limit),
    endVisibilityTimeouts: (queue) => engine.endVisibilityTimeouts(queue),
    startMessageMoveTask: (sourceArn) => engine.startMessageMoveTask({ sourceArn }),
    getQueueAttributes: (queue) => engine.getQueueAttributes(queue, ['All']),
    queueUrlOf: (queue) => engine.queueIdentity(queue).queueUrl,
    listQueueArns: () => engine.listQueueArns(),
    waitingReceives: (queue) => engine.waitingReceives(queue),
    close: () => engine.close(),
  };
}

/** SDKs read the request id from `x-amzn-RequestId` into `$metadata`. */
function withRequestId(response: EdgeResponse): EdgeResponse {
  return { ...response, headers: { 'x-amzn-requestid': randomUUID(), ...response.headers } };
}
