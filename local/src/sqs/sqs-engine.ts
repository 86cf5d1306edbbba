import { createHash, randomUUID } from 'node:crypto';
import {
  invalidAddress,
  invalidAttributeName,
  invalidMessageContents,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  parameterNotForQueueType,
  parameterOutOfRange,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
  receiptHandleIsInvalid,
} from './errors.ts';
import { LongPollWaiters } from './long-poll.ts';
import { md5OfBody, md5OfMessageAttributes } from './md5.ts';
import {
  findDisallowedCharacter,
  fromWireAttributes,
  type MessageAttributeInput,
  type MessageAttributeMap,
  messageAttributesSize,
  parseMessageAttributes,
  toWireAttributes,
} from './message-attributes.ts';
import { MessageMoveTasks, type MoveTaskEntry, type StartMoveTaskInput } from './message-move-tasks.ts';
import {
  FIFO_ATTRIBUTE_DEFAULTS,
  MAX_DELAY_SECONDS,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  MAX_WAIT_TIME_SECONDS,
  normalizeQueueAttributes,
  parseRedrivePolicy,
  QUEUE_ATTRIBUTE_DEFAULTS,
  READABLE_QUEUE_ATTRIBUTES,
  type RedrivePolicy,
} from './queue-attributes.ts';
import { createReceiptHandle, parseReceiptHandle } from './receipt-handle.ts';
import { type MessageRecord, type QueueRecord, SqsStore } from './store.ts';

export interface SqsEngineOptions {
  readonly dataDir: string;
  /** The edge's base URL; queue URLs are `${edgeUrl}/${accountId}/${queueName}`. */
  readonly edgeUrl: string;
  readonly region: string;
  readonly accountId: string;
  /** Epoch milliseconds; injectable so tests can move time. Defaults to `Date.now`. */
  readonly clock?: () => number;
  /** Hears of each message sent, received, deleted, delayed or moved to a dead-letter queue (the trace). */
  readonly onActivity?: (activity: QueueActivity) => void;
}

/** One thing that happened to one message, once it is stored. */
export interface QueueActivity {
  readonly kind: 'sent' | 'received' | 'deleted' | 'delayed' | 'dead-lettered';
  readonly queueName: string;
  readonly messageId: string;
  readonly body: string | undefined;
  readonly receiveCount?: number;
  /** `delayed`: the new visibility timeout; `dead-lettered`: the dead-letter queue. */
  readonly detail?: string;
}

export interface QueueIdentity {
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
}

export interface SendMessageInput {
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, MessageAttributeInput>>;
  readonly messageSystemAttributes?: Readonly<Record<string, MessageAttributeInput>>;
  /** Overrides the queue's `DelaySeconds` for this message (0..900; standard queues only). */
  readonly delaySeconds?: number;
  /** Required on FIFO queues; on standard queues it enables fair queuing and is returned with the message. */
  readonly messageGroupId?: unknown;
  /** FIFO queues only (unless the queue has `ContentBasedDeduplication`). */
  readonly messageDeduplicationId?: unknown;
}

export interface SendMessageResult {
  readonly messageId: string;
  /** FIFO queues only. */
  readonly sequenceNumber?: string;
  readonly md5OfMessageBody: string;
  readonly md5OfMessageAttributes?: string;
  readonly md5OfMessageSystemAttributes?: string;
}

export interface ReceiveMessagesOptions {
  /** 1..10; defaults to 1 as on AWS. */
  readonly maxNumberOfMessages?: number;
  /** 0..20 seconds of long polling; defaults to the queue's `ReceiveMessageWaitTimeSeconds`. */
  readonly waitTimeSeconds?: number;
  /** Overrides the queue's `VisibilityTimeout` for the messages of this receive. */
  readonly visibilityTimeout?: number;
  /** Ends a long poll early; the receive then resolves with what it has (nothing). */
  readonly signal?: AbortSignal;
}

/** The system attributes SQS can return with a message (all as strings, as on the wire). */
export interface SqsMessageSystemAttributes {
  readonly ApproximateReceiveCount: string;
  readonly ApproximateFirstReceiveTimestamp: string;
  readonly SentTimestamp: string;
  readonly SenderId: string;
  readonly AWSTraceHeader?: string;
  readonly DeadLetterQueueSourceArn?: string;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
  readonly SequenceNumber?: string;
}

/** A received message with everything SQS knows about it (callers filter what they return). */
export interface SqsMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes: SqsMessageSystemAttributes;
  readonly messageAttributes: MessageAttributeMap;
  readonly md5OfMessageAttributes: string | undefined;
}

/** The numbers behind GetQueueAttributes' counters and CloudWatch's ApproximateAgeOfOldestMessage. */
export interface QueueStats {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly oldestMessageAgeSeconds: number;
}

const SECOND = 1_000;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
/** Group and deduplication ids: 1 to 128 alphanumeric and punctuation characters. */
const GROUP_OR_DEDUPLICATION_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
/** FIFO queues remember a deduplication id for five minutes. */
const DEDUPLICATION_INTERVAL_MS = 5 * 60 * SECOND;
/** AWS refuses to recreate a queue name for 60 s after DeleteQueue, and to purge twice within 60 s. */
const QUEUE_COOLDOWN_MS = 60 * SECOND;
const MAX_RECEIVE_BATCH = 10;
const MAX_TAGS = 50;

/**
 * Amazon SQS standard-queue semantics over a SQLite store: at-least-once delivery, visibility
 * timeouts, receive counts and redrive to a dead-letter queue, delays, retention, long polling.
 * Both wire protocols and the in-process callers (Lambda event source mappings, EventBridge
 * targets) go through this one class, so they cannot disagree about behaviour.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
export class SqsEngine {
  readonly #store: SqsStore;
  readonly #waiters = new LongPollWaiters();
  readonly #clock: () => number;
  readonly #edgeUrl: string;
  readonly #region: string;
  readonly #accountId: string;
  readonly #moveTasks: MessageMoveTasks;
  #closed = false;
  readonly #onActivity: ((activity: QueueActivity) => void) | undefined;

  constructor(options: SqsEngineOptions) {
    this.#onActivity = options.onActivity;
    this.#store = new SqsStore(options.dataDir);
    this.#clock = options.clock ?? Date.now;
    this.#edgeUrl = options.edgeUrl.replace(/\/+$/, '');
    this.#region = options.region;
    this.#accountId = options.accountId;
    const store = this.#store;
    this.#moveTasks = new MessageMoveTasks({
      store,
      clock: this.#clock,
      queueNameOfArn: (arn) => this.#queueNameOf(arn),
      queueExists: (name) => store.getQueue(name) !== undefined,
      isFifo: (name) => {
        const queue = store.getQueue(name);
        return queue !== undefined && isFifo(queue);
      },
      queueArnOf: (name) => this.identityOf(name).queueArn,
      deadLetterSources: (name) => this.listDeadLetterSourceQueueNames(name),
      notify: (name) => this.#waiters.notify(name),
    });
  }

  get accountId(): string {
    return this.#accountId;
  }

  identityOf(queueName: string): QueueIdentity {
    return {
      queueName,
      queueUrl: `${this.#edgeUrl}/${this.#accountId}/${queueName}`,
      queueArn: `arn:aws:sqs:${this.#region}:${this.#accountId}:${queueName}`,
    };
  }

  /**
   * CreateQueue: idempotent when every attribute given matches the existing queue's value,
   * `QueueNameExists` (query code `QueueAlreadyExists`) otherwise.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
   */
  createQueue(
    queueName: unknown,
    attributes: Readonly<Record<string, unknown>> = {},
    tags: Readonly<Record<string, unknown>> = {},
  ): QueueIdentity {
    if (typeof queueName !== 'string' || queueName === '') throw missingParameter('QueueName');
    // A FIFO queue is asked for with FifoQueue=true, and its name must end in .fifo.
    const fifo = typeof attributes.FifoQueue === 'string' && attributes.FifoQueue.trim().toLowerCase() === 'true';
    if (fifo && !FIFO_QUEUE_NAME.test(queueName)) {
      throw invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
    if (!fifo && !QUEUE_NAME.test(queueName)) {
      throw invalidParameterValue(
        `Value ${queueName} for parameter QueueName is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.`,
      );
    }
    const requested = normalizeQueueAttributes(attributes, { fifo, creating: true });
    this.#requireDeadLetterTarget(requested.RedrivePolicy, fifo);
    const validTags = validateTags(tags);
    const now = this.#clock();
    return this.#store.transaction(() => {
      const existing = this.#store.getQueue(queueName);
      if (existing) {
        for (const [name, value] of Object.entries(requested)) {
          if ((existing.attributes[name] ?? null) !== value) throw queueNameExists(queueName, name);
        }
        return this.identityOf(queueName);
      }
      const deletedAt = this.#store.deletedAt(queueName);
      if (deletedAt !== undefined && now - deletedAt < QUEUE_COOLDOWN_MS) throw queueDeletedRecently(queueName);
      const stored: Record<string, string> = { ...QUEUE_ATTRIBUTE_DEFAULTS, ...(fifo ? FIFO_ATTRIBUTE_DEFAULTS : {}) };
      for (const [name, value] of Object.entries(requested)) if (value !== null) stored[name] = value;
      this.#store.insertQueue({
        name: queueName,
        attributes: stored,
        tags: validTags,
        createdAt: now,
        lastModifiedAt: now,
        lastPurgedAt: undefined,
      });
      return this.identityOf(queueName);
    });
  }

  /** Resolves a queue URL or ARN to the queue's identity; `QueueDoesNotExist` when it is gone. */
  queueIdentity(queueRef: string): QueueIdentity {
    return this.identityOf(this.#requireQueue(queueRef).name);
  }

  getQueueUrl(queueName: unknown, ownerAccountId?: unknown): string {
    if (typeof queueName !== 'string' || queueName === '') throw missingParameter('QueueName');
    if (ownerAccountId !== undefined && ownerAccountId !== this.#accountId) throw queueDoesNotExist();
    if (!this.#store.getQueue(queueName)) throw queueDoesNotExist();
    return this.identityOf(queueName).queueUrl;
  }

  /** Queue names in name order, optionally under a prefix. */
  listQueueNames(prefix = ''): string[] {
    return this.#store
      .listQueues()
      .map((queue) => queue.name)
      .filter((name) => name.startsWith(prefix));
  }

  listQueueArns(): string[] {
    return this.listQueueNames().map((name) => this.identityOf(name).queueArn);
  }

  deleteQueue(queueRef: string): void {
    const queue = this.#requireQueue(queueRef);
    this.#store.deleteQueue(queue.name, this.#clock());
    this.#waiters.notify(queue.name);
  }

  /**
   * GetQueueAttributes: the stored settings plus the live counters, for the names asked (or
   * `All`). Unknown names fail with `InvalidAttributeName`, as on AWS.
   */
  getQueueAttributes(queueRef: string, names: readonly string[] = ['All']): Record<string, string> {
    const queue = this.#requireQueue(queueRef);
    for (const name of names) if (!READABLE_QUEUE_ATTRIBUTES.includes(name)) throw invalidAttributeName(name);
    const stats = this.queueStats(queueRef);
    const available: Record<string, string> = {
      QueueArn: this.identityOf(queue.name).queueArn,
      ApproximateNumberOfMessages: String(stats.visible),
      ApproximateNumberOfMessagesNotVisible: String(stats.inFlight),
      ApproximateNumberOfMessagesDelayed: String(stats.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / SECOND)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / SECOND)),
      ...queue.attributes,
    };
    const all = names.includes('All');
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(available)) if (all || names.includes(name)) result[name] = value;
    return result;
  }

  setQueueAttributes(queueRef: string, attributes: Readonly<Record<string, unknown>>): void {
    const queue = this.#requireQueue(queueRef);
    const fifo = isFifo(queue);
    const requested = normalizeQueueAttributes(attributes, { fifo, creating: false, current: queue.attributes });
    this.#requireDeadLetterTarget(requested.RedrivePolicy, fifo);
    const merged: Record<string, string> = { ...queue.attributes };
    for (const [name, value] of Object.entries(requested)) {
      if (value === null) delete merged[name];
      else merged[name] = value;
    }
    this.#store.updateQueueAttributes(queue.name, merged, this.#clock());
  }

  /**
   * PurgeQueue: deletes every message (visible, in flight, delayed). A second purge within 60
   * seconds fails with `PurgeQueueInProgress`.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html
   */
  purgeQueue(queueRef: string): void {
    const queue = this.#requireQueue(queueRef);
    const now = this.#clock();
    if (queue.lastPurgedAt !== undefined && now - queue.lastPurgedAt < QUEUE_COOLDOWN_MS) {
      throw purgeQueueInProgress(queue.name);
    }
    this.#store.purgeQueue(queue.name, now);
  }

  /**
   * SendMessage: validates body, attributes, size and delay, then commits the message before
   * answering. A receive parked on the queue is woken.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
   */
  sendMessage(queueRef: string, input: SendMessageInput): SendMessageResult {
    const queue = this.#requireQueue(queueRef);
    const prepared = prepareMessage(queue, input);
    const now = this.#clock();
    const answer = (messageId: string, sequenceNumber?: string): SendMessageResult => ({
      messageId,
      md5OfMessageBody: prepared.md5OfMessageBody,
      ...(prepared.md5OfMessageAttributes ? { md5OfMessageAttributes: prepared.md5OfMessageAttributes } : {}),
      ...(prepared.md5OfMessageSystemAttributes
        ? { md5OfMessageSystemAttributes: prepared.md5OfMessageSystemAttributes }
        : {}),
      ...(sequenceNumber ? { sequenceNumber } : {}),
    });
    // What every stored message carries; a FIFO queue's adds its group, deduplication and sequence.
    const stored = (messageId: string) => ({
      messageId,
      queueName: queue.name,
      body: input.body,
      md5OfBody: prepared.md5OfMessageBody,
      messageAttributes: toWireAttributes(prepared.messageAttributes),
      systemAttributes: toWireAttributes(prepared.systemAttributes),
      // SQS reports the sending principal; everything local runs as the account's root, whose id is the account id.
      senderId: this.#accountId,
      sentAt: now,
      enqueuedAt: now,
      visibleAt: now + prepared.delaySeconds * SECOND,
    });
    if (prepared.fifo) {
      const { deduplicationKey, deduplicationId, messageGroupId } = prepared.fifo;
      const sent = this.#store.transaction(() => {
        // A repeat within the interval is accepted and not delivered: it answers as the first send.
        const earlier = this.#store.findDeduplication(queue.name, deduplicationKey, now);
        if (earlier) return { ...earlier, duplicate: true };
        const messageId = randomUUID();
        const sequenceNumber = this.#store.nextSequenceNumber(queue.name, now);
        this.#store.insertMessage({ ...stored(messageId), messageGroupId, deduplicationId, sequenceNumber });
        this.#store.rememberDeduplication(
          queue.name,
          deduplicationKey,
          { messageId, sequenceNumber },
          now + DEDUPLICATION_INTERVAL_MS,
        );
        return { messageId, sequenceNumber, duplicate: false };
      });
      if (!sent.duplicate) {
        this.#waiters.notify(queue.name);
        this.#tell({ kind: 'sent', queueName: queue.name, messageId: sent.messageId, body: input.body });
      }
      return answer(sent.messageId, sent.sequenceNumber);
    }
    const messageId = randomUUID();
    this.#store.insertMessage({
      ...stored(messageId),
      messageGroupId: prepared.messageGroupId,
      deduplicationId: undefined,
      sequenceNumber: undefined,
    });
    this.#waiters.notify(queue.name);
    this.#tell({ kind: 'sent', queueName: queue.name, messageId, body: input.body });
    return answer(messageId);
  }

  /** The bytes a message counts for against size limits (body plus attributes). */
  messageSize(input: Pick<SendMessageInput, 'body' | 'messageAttributes'>): number {
    let attributesSize = 0;
    try {
      attributesSize = messageAttributesSize(parseMessageAttributes(input.messageAttributes));
    } catch {
      // An invalid entry fails on its own; it adds only its body to the batch size.
    }
    return Buffer.byteLength(typeof input.body === 'string' ? input.body : '', 'utf8') + attributesSize;
  }

  /**
   * ReceiveMessage: hands out up to `maxNumberOfMessages` visible messages, each with a new
   * receipt handle, an incremented receive count and the visibility timeout applied. A message
   * whose receive count has reached the RedrivePolicy's `maxReceiveCount` moves to the
   * dead-letter queue instead. With a wait time, an empty receive parks until a message may be
   * available or the wait ends.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
   */
  async receiveMessages(queueRef: string, options: ReceiveMessagesOptions = {}): Promise<SqsMessage[]> {
    const queue = this.#requireQueue(queueRef);
    const max = options.maxNumberOfMessages ?? 1;
    requireIntegerInRange('MaxNumberOfMessages', max, 1, MAX_RECEIVE_BATCH, 'Must be between 1 and 10, if provided.');
    if (options.visibilityTimeout !== undefined) {
      requireIntegerInRange(
        'VisibilityTimeout',
        options.visibilityTimeout,
        0,
        MAX_VISIBILITY_TIMEOUT_SECONDS,
        'Must be between 0 and 43200, if provided.',
      );
    }
    const waitSeconds = options.waitTimeSeconds ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds ?? 0);
    requireIntegerInRange(
      'WaitTimeSeconds',
      waitSeconds,
      0,
      MAX_WAIT_TIME_SECONDS,
      'Must be >= 0 and <= 20, if provided.',
    );
    const deadline = performance.now() + waitSeconds * SECOND;
    for (;;) {
      // A receive parked when the service closed answers empty, as a shut-down poller expects.
      if (this.#closed) return [];
      const messages = this.#receiveNow(queue.name, max, options.visibilityTimeout);
      const remaining = deadline - performance.now();
      if (messages.length > 0 || remaining <= 0 || options.signal?.aborted || this.#closed) return messages;
      const nextVisibleAt = this.#store.nextVisibleAt(queue.name, this.#clock());
      const untilVisible = nextVisibleAt === undefined ? remaining : nextVisibleAt - this.#clock() + 1;
      await this.#waiters.wait(queue.name, Math.min(remaining, untilVisible), options.signal);
    }
  }

  /**
   * DeleteMessage. A malformed handle fails with `ReceiptHandleIsInvalid`; a handle of a message
   * already gone succeeds. On a standard queue any handle a receive gave for the message deletes
   * it, the latest or an older one, as SQS answers. On a FIFO queue only the latest handle, while
   * the message is in flight: once its visibility timeout expired, the handle "has expired".
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html
   */
  deleteMessage(queueRef: string, receiptHandle: unknown): void {
    const queue = this.#requireQueue(queueRef);
    const handle = requireReceiptHandle(queue.name, receiptHandle);
    const deleted = this.#store.transaction(() => {
      const message = this.#store.findMessage(queue.name, handle.messageId);
      if (!message || message.receiptHandle === undefined) return undefined;
      if (isFifo(queue)) requireLiveFifoHandle(message, handle.value, this.#clock());
      this.#store.deleteMessage(message.seq);
      return message;
    });
    if (deleted)
      this.#tell({ kind: 'deleted', queueName: queue.name, messageId: deleted.messageId, body: deleted.body });
  }

  /**
   * ChangeMessageVisibility: restarts the message's timeout at `seconds` from now (0 makes it
   * visible at once). The total since the receive may not pass 12 hours. A deleted message's
   * handle fails with `InvalidParameterValue`. On a standard queue any handle of the message
   * works, also after its timeout expired (the message is hidden again); on a FIFO queue only the
   * latest handle while the message is in flight.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
   */
  changeMessageVisibility(queueRef: string, receiptHandle: unknown, seconds: unknown): void {
    const queue = this.#requireQueue(queueRef);
    if (seconds === undefined || seconds === null) throw missingParameter('VisibilityTimeout');
    requireIntegerInRange(
      'VisibilityTimeout',
      seconds,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
      'Must be between 0 and 43200, if provided.',
    );
    const handle = requireReceiptHandle(queue.name, receiptHandle);
    const now = this.#clock();
    const changed = this.#store.transaction(() => {
      const message = this.#store.findMessage(queue.name, handle.messageId);
      if (!message || message.receiptHandle === undefined) {
        throw invalidParameterValue(
          `Value ${handle.value} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
        );
      }
      if (isFifo(queue)) {
        if (message.receiptHandle !== handle.value) throw receiptHandleExpired(handle.value);
        if (message.visibleAt <= now) throw messageNotInflight();
      }
      const visibleAt = now + seconds * SECOND;
      if (visibleAt - (message.lastReceivedAt ?? now) > MAX_VISIBILITY_TIMEOUT_SECONDS * SECOND) {
        throw parameterOutOfRange(
          'VisibilityTimeout',
          seconds,
          `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT_SECONDS} seconds]`,
        );
      }
      this.#store.setVisibleAt(message.seq, visibleAt);
      return message;
    });
    this.#waiters.notify(queue.name);
    this.#tell({
      kind: 'delayed',
      queueName: queue.name,
      messageId: changed.messageId,
      body: changed.body,
      receiveCount: changed.receiveCount,
      detail: `${seconds}s`,
    });
  }

  /** The queues whose RedrivePolicy targets this queue (ListDeadLetterSourceQueues). */
  listDeadLetterSourceQueueNames(queueRef: string): string[] {
    const queue = this.#requireQueue(queueRef);
    const arn = this.identityOf(queue.name).queueArn;
    return this.#store
      .listQueues()
      .filter((candidate) => redrivePolicyOf(candidate)?.deadLetterTargetArn === arn)
      .map((candidate) => candidate.name);
  }

  tagQueue(queueRef: string, tags: Readonly<Record<string, unknown>>): void {
    const queue = this.#requireQueue(queueRef);
    const merged = { ...queue.tags, ...validateTags(tags) };
    if (Object.keys(merged).length > MAX_TAGS)
      throw invalidParameterValue(`Too many tags: a queue can have at most ${MAX_TAGS}.`);
    this.#store.updateQueueTags(queue.name, merged);
  }

  untagQueue(queueRef: string, keys: readonly unknown[]): void {
    const queue = this.#requireQueue(queueRef);
    const remaining: Record<string, string> = { ...queue.tags };
    for (const key of keys) if (typeof key === 'string') delete remaining[key];
    this.#store.updateQueueTags(queue.name, remaining);
  }

  listQueueTags(queueRef: string): Record<string, string> {
    return { ...this.#requireQueue(queueRef).tags };
  }

  /**
   * Counters and the age of the oldest message. As CloudWatch's ApproximateAgeOfOldestMessage,
   * the age counts from when the message entered this queue (a DLQ counts from the move) and
   * leaves out poison pills (received 3+ times and not deleted); 0 when nothing counts.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
   */
  queueStats(queueRef: string): QueueStats {
    const queue = this.#requireQueue(queueRef);
    const now = this.#clock();
    this.#expire(queue, now);
    const counts = this.#store.countMessages(queue.name, now);
    const oldest = this.#store.oldestEnqueuedAt(queue.name);
    return {
      ...counts,
      oldestMessageAgeSeconds: oldest === undefined ? 0 : Math.max(0, Math.floor((now - oldest) / SECOND)),
    };
  }

  /**
   * Ends the visibility timeout of every message received from the queue and not yet deleted, as
   * if it ran out now: they are visible again, their receive counts unchanged (SQS has no such
   * call; it lets an operator or a lesson skip the wait for the messages a dead consumer held).
   */
  endVisibilityTimeouts(queueRef: string): number {
    const queue = this.#requireQueue(queueRef);
    const ended = this.#store.endVisibilityTimeouts(queue.name, this.#clock());
    if (ended > 0) this.#waiters.notify(queue.name);
    return ended;
  }

  /**
   * Looks at a queue's messages without receiving them: no receive count, no visibility change
   * (SQS has no such call; the console uses it to show what waits in a dead-letter queue).
   */
  peekMessages(
    queueRef: string,
    limit = 10,
  ): Array<{ messageId: string; body: string; sentAt: number; receiveCount: number; inFlight: boolean }> {
    const queue = this.#requireQueue(queueRef);
    const now = this.#clock();
    return this.#store.peek(queue.name, Math.min(Math.max(1, limit), 100)).map((message) => ({
      messageId: message.messageId,
      body: message.body,
      sentAt: message.sentAt,
      receiveCount: message.receiveCount,
      inFlight: message.visibleAt > now && message.receiptHandle !== undefined,
    }));
  }

  /** How many receives are parked on the queue right now. */
  waitingReceives(queueRef: string): number {
    return this.#waiters.waitingOn(this.#queueNameOf(queueRef));
  }

  /** StartMessageMoveTask: redrives a dead-letter queue (see `MessageMoveTasks`). */
  startMessageMoveTask(input: StartMoveTaskInput): { TaskHandle: string } {
    if (this.#closed) throw new Error('The SQS service is closed.');
    return this.#moveTasks.start(input);
  }

  listMessageMoveTasks(sourceArn: unknown, maxResults: unknown): { Results?: MoveTaskEntry[] } {
    return this.#moveTasks.list(sourceArn, maxResults);
  }

  cancelMessageMoveTask(taskHandle: unknown): { ApproximateNumberOfMessagesMoved: number } {
    return this.#moveTasks.cancel(taskHandle);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#moveTasks.close();
    this.#waiters.close();
    this.#store.close();
  }

  #receiveNow(queueName: string, max: number, visibilityTimeout: number | undefined): SqsMessage[] {
    const identity = this.identityOf(queueName);
    let deadLetterQueue: string | undefined;
    const deadLettered: Array<{ messageId: string; body: string; receiveCount: number }> = [];
    const received = this.#store.transaction(() => {
      const queue = this.#store.getQueue(queueName);
      if (!queue) throw queueDoesNotExist();
      const now = this.#clock();
      this.#expire(queue, now);
      const timeout = visibilityTimeout ?? Number(queue.attributes.VisibilityTimeout ?? 30);
      const redrive = redrivePolicyOf(queue);
      const target = redrive ? this.#existingQueueNameOfArn(redrive.deadLetterTargetArn) : undefined;
      const messages: SqsMessage[] = [];
      const seen = new Set<number>();
      while (messages.length < max) {
        const wanted = max - messages.length + seen.size;
        const candidates = (
          isFifo(queue)
            ? this.#store.selectReceivableFifo(queueName, now, wanted)
            : this.#store.selectReceivable(queueName, now, wanted)
        ).filter((candidate) => !seen.has(candidate.seq));
        if (candidates.length === 0) break;
        for (const candidate of candidates) {
          if (messages.length >= max) break;
          seen.add(candidate.seq);
          if (redrive && target && candidate.receiveCount >= redrive.maxReceiveCount) {
            this.#store.moveToQueue(candidate.seq, target, now, identity.queueArn);
            deadLetterQueue = target;
            deadLettered.push(candidate);
            continue;
          }
          const receiptHandle = createReceiptHandle(queueName, candidate.messageId);
          this.#store.markReceived(candidate.seq, now, now + timeout * SECOND, receiptHandle);
          messages.push(
            toSqsMessage({
              ...candidate,
              receiveCount: candidate.receiveCount + 1,
              firstReceivedAt: candidate.firstReceivedAt ?? now,
              receiptHandle,
            }),
          );
        }
      }
      return messages;
    });
    if (deadLetterQueue) this.#waiters.notify(deadLetterQueue);
    for (const message of deadLettered) {
      this.#tell({ ...message, kind: 'dead-lettered', queueName, detail: deadLetterQueue });
    }
    for (const message of received) {
      this.#tell({
        kind: 'received',
        queueName,
        messageId: message.messageId,
        body: message.body,
        receiveCount: Number(message.attributes.ApproximateReceiveCount),
      });
    }
    return received;
  }

  #tell(activity: QueueActivity): void {
    try {
      this.#onActivity?.(activity);
    } catch {
      // An observer's failure never fails a queue operation.
    }
  }

  /** Retention: a message older than MessageRetentionPeriod (from its original send) is gone. */
  #expire(queue: QueueRecord, now: number): void {
    const retentionSeconds = Number(
      queue.attributes.MessageRetentionPeriod ?? QUEUE_ATTRIBUTE_DEFAULTS.MessageRetentionPeriod,
    );
    this.#store.deleteExpired(queue.name, now - retentionSeconds * SECOND);
  }

  #requireQueue(queueRef: string): QueueRecord {
    if (this.#closed) throw new Error('The SQS service is closed.');
    const queue = this.#store.getQueue(this.#queueNameOf(queueRef));
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  /** Queue name from a queue URL (any host: localhost and 127.0.0.1 both reach the edge) or ARN. */
  #queueNameOf(queueRef: unknown): string {
    if (typeof queueRef !== 'string' || queueRef === '') throw missingParameter('QueueUrl');
    if (queueRef.startsWith('arn:')) {
      const [, , service, region, account, name, ...rest] = queueRef.split(':');
      if (service !== 'sqs' || !name || rest.length > 0) throw invalidAddress(queueRef);
      if (region !== this.#region || account !== this.#accountId) throw queueDoesNotExist();
      return name;
    }
    // A bare queue name where a URL is expected is a queue of the caller's account, as SQS takes it.
    if (QUEUE_NAME.test(queueRef) || FIFO_QUEUE_NAME.test(queueRef)) return queueRef;
    let url: URL;
    try {
      url = new URL(queueRef);
    } catch {
      throw invalidAddress(queueRef);
    }
    const [account, name, ...rest] = url.pathname.split('/').filter(Boolean);
    if (!account || !name || rest.length > 0) throw invalidAddress(queueRef);
    if (account !== this.#accountId) throw queueDoesNotExist();
    return decodeURIComponent(name);
  }

  #existingQueueNameOfArn(arn: string): string | undefined {
    try {
      const name = this.#queueNameOf(arn);
      return this.#store.getQueue(name) ? name : undefined;
    } catch {
      return undefined;
    }
  }

  /** AWS checks the dead-letter target when the RedrivePolicy is set: it exists, and is of the source's type. */
  #requireDeadLetterTarget(redrivePolicy: string | null | undefined, fifo: boolean): void {
    if (!redrivePolicy) return;
    const policy = parseRedrivePolicy(redrivePolicy);
    const target = this.#existingQueueNameOfArn(policy.deadLetterTargetArn);
    const invalid = (reason: string) =>
      invalidParameterValue(`Value ${redrivePolicy} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
    if (!target) throw invalid('Dead letter target does not exist.');
    const targetQueue = this.#store.getQueue(target);
    if (targetQueue && isFifo(targetQueue) !== fifo) {
      throw invalid('Dead-letter queue must be same type of queue as the source.');
    }
  }
}

interface PreparedMessage {
  /** FIFO sends: the group, the deduplication id (given or from the body) and the key it is remembered under. */
  readonly fifo?: { messageGroupId: string; deduplicationId: string; deduplicationKey: string };
  readonly messageGroupId: string | undefined;
  readonly md5OfMessageBody: string;
  readonly md5OfMessageAttributes: string | undefined;
  readonly md5OfMessageSystemAttributes: string | undefined;
  readonly messageAttributes: MessageAttributeMap;
  readonly systemAttributes: MessageAttributeMap;
  readonly delaySeconds: number;
}

function prepareMessage(queue: QueueRecord, input: SendMessageInput): PreparedMessage {
  const body: unknown = input.body;
  if (typeof body !== 'string' || body.length === 0) throw missingParameter('MessageBody');
  const disallowed = findDisallowedCharacter(body);
  if (disallowed) {
    throw invalidMessageContents(
      `Invalid binary character '${disallowed}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    );
  }
  const messageAttributes = parseMessageAttributes(input.messageAttributes, 'user');
  const systemAttributes = parseMessageAttributes(input.messageSystemAttributes, 'system');
  const maximum = Number(queue.attributes.MaximumMessageSize ?? QUEUE_ATTRIBUTE_DEFAULTS.MaximumMessageSize);
  if (Buffer.byteLength(body, 'utf8') + messageAttributesSize(messageAttributes) > maximum) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`,
    );
  }
  const fifo = isFifo(queue);
  // A FIFO queue delays every message alike (the queue's DelaySeconds), never one message alone.
  if (fifo && input.delaySeconds !== undefined) throw parameterNotForQueueType('DelaySeconds', input.delaySeconds);
  const delaySeconds = input.delaySeconds ?? Number(queue.attributes.DelaySeconds ?? 0);
  requireIntegerInRange('DelaySeconds', delaySeconds, 0, MAX_DELAY_SECONDS, 'DelaySeconds must be >= 0 and <= 900');
  const messageGroupId = readGroupOrDeduplicationId('MessageGroupId', input.messageGroupId);
  const givenDeduplicationId = readGroupOrDeduplicationId('MessageDeduplicationId', input.messageDeduplicationId);
  let fifoFields: PreparedMessage['fifo'];
  if (fifo) {
    if (messageGroupId === undefined) throw missingParameter('MessageGroupId');
    const deduplicationId =
      givenDeduplicationId ??
      (queue.attributes.ContentBasedDeduplication === 'true'
        ? createHash('sha256').update(body, 'utf8').digest('hex')
        : undefined);
    if (deduplicationId === undefined) {
      throw invalidParameterValue(
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    const perGroup = queue.attributes.DeduplicationScope === 'messageGroup';
    fifoFields = {
      messageGroupId,
      deduplicationId,
      deduplicationKey: perGroup ? `${messageGroupId}\n${deduplicationId}` : deduplicationId,
    };
  } else if (givenDeduplicationId !== undefined) {
    throw parameterNotForQueueType('MessageDeduplicationId', givenDeduplicationId);
  }
  return {
    ...(fifoFields ? { fifo: fifoFields } : {}),
    messageGroupId,
    md5OfMessageBody: md5OfBody(body),
    md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
    md5OfMessageSystemAttributes: md5OfMessageAttributes(systemAttributes),
    messageAttributes,
    systemAttributes,
    delaySeconds,
  };
}

function requireIntegerInRange(
  parameter: string,
  value: unknown,
  min: number,
  max: number,
  reason: string,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw parameterOutOfRange(parameter, value, reason);
  }
}

/** A group or deduplication id as SQS checks it; undefined when not given. */
function readGroupOrDeduplicationId(parameter: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !GROUP_OR_DEDUPLICATION_ID.test(value)) {
    throw invalidParameterValue(
      `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
  return value;
}

function isFifo(queue: QueueRecord): boolean {
  return queue.attributes.FifoQueue === 'true';
}

function receiptHandleExpired(handle: string): ReturnType<typeof invalidParameterValue> {
  return invalidParameterValue(
    `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
  );
}

/** FIFO: only the latest handle, and only while the message is in flight. */
function requireLiveFifoHandle(message: MessageRecord, handle: string, now: number): void {
  if (message.receiptHandle !== handle || message.visibleAt <= now) throw receiptHandleExpired(handle);
}

function requireReceiptHandle(queueName: string, receiptHandle: unknown): { value: string; messageId: string } {
  if (typeof receiptHandle !== 'string' || receiptHandle === '') throw missingParameter('ReceiptHandle');
  const parts = parseReceiptHandle(receiptHandle);
  if (!parts || parts.queueName !== queueName) throw receiptHandleIsInvalid(receiptHandle);
  return { value: receiptHandle, messageId: parts.messageId };
}

function redrivePolicyOf(queue: QueueRecord): RedrivePolicy | undefined {
  const policy = queue.attributes.RedrivePolicy;
  return policy ? parseRedrivePolicy(policy) : undefined;
}

function validateTags(tags: Readonly<Record<string, unknown>>): Record<string, string> {
  const valid: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128 || typeof value !== 'string' || value.length > 256) {
      throw invalidParameterValue(`Tag ${key} is invalid: keys are 1-128 characters, values at most 256.`);
    }
    valid[key] = value;
  }
  if (Object.keys(valid).length > MAX_TAGS)
    throw invalidParameterValue(`Too many tags: a queue can have at most ${MAX_TAGS}.`);
  return valid;
}

function toSqsMessage(
  record: MessageRecord & { readonly receiptHandle: string; readonly firstReceivedAt: number },
): SqsMessage {
  const messageAttributes = fromWireAttributes(record.messageAttributes);
  const traceHeader = record.systemAttributes.AWSTraceHeader?.StringValue;
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: record.body,
    md5OfBody: record.md5OfBody,
    attributes: {
      SenderId: record.senderId,
      SentTimestamp: String(record.sentAt),
      ApproximateReceiveCount: String(record.receiveCount),
      ApproximateFirstReceiveTimestamp: String(record.firstReceivedAt),
      ...(traceHeader ? { AWSTraceHeader: traceHeader } : {}),
      ...(record.deadLetterSourceArn ? { DeadLetterQueueSourceArn: record.deadLetterSourceArn } : {}),
      ...(record.messageGroupId ? { MessageGroupId: record.messageGroupId } : {}),
      ...(record.deduplicationId ? { MessageDeduplicationId: record.deduplicationId } : {}),
      ...(record.sequenceNumber ? { SequenceNumber: record.sequenceNumber } : {}),
    },
    messageAttributes,
    md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
  };
}
