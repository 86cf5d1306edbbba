import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import type { WireMessageAttributeValue } from './message-attributes.ts';

/** A queue as stored: its canonical settable attributes, tags and timestamps (epoch ms). */
export interface QueueRecord {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly lastModifiedAt: number;
  readonly lastPurgedAt: number | undefined;
}

/**
 * A message as stored. `sentAt` is the original enqueue time (retention counts from it, even in a
 * DLQ); `enqueuedAt` is when it entered its current queue (the age metric counts from it).
 * A message is delayed while `visibleAt` is ahead and it was never handed out in this queue
 * (`receiptHandle` null), in flight while `visibleAt` is ahead and it holds a handle.
 */
export interface MessageRecord {
  readonly seq: number;
  readonly messageId: string;
  readonly queueName: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Readonly<Record<string, WireMessageAttributeValue>>;
  readonly systemAttributes: Readonly<Record<string, WireMessageAttributeValue>>;
  readonly senderId: string;
  readonly sentAt: number;
  readonly enqueuedAt: number;
  readonly visibleAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt: number | undefined;
  readonly lastReceivedAt: number | undefined;
  readonly receiptHandle: string | undefined;
  readonly deadLetterSourceArn: string | undefined;
  /** The message group (FIFO queues, and standard queues for fair queuing). */
  readonly messageGroupId: string | undefined;
  /** FIFO only: the deduplication id given or derived from the body. */
  readonly deduplicationId: string | undefined;
  /** FIFO only: the 20-digit sequence number SQS assigned. */
  readonly sequenceNumber: string | undefined;
}

export type NewMessage = Omit<
  MessageRecord,
  'seq' | 'receiveCount' | 'firstReceivedAt' | 'lastReceivedAt' | 'receiptHandle' | 'deadLetterSourceArn'
>;

/** A FIFO send remembered for the deduplication interval: a repeat answers with the first message's id. */
export interface DeduplicationRecord {
  readonly messageId: string;
  readonly sequenceNumber: string;
}

/** A message movement task (StartMessageMoveTask), kept so that a restart resumes it. */
export interface MoveTaskRecord {
  readonly taskId: string;
  readonly sourceQueue: string;
  readonly destinationArn: string | undefined;
  readonly maxPerSecond: number | undefined;
  readonly status: MoveTaskStatus;
  /** The task moves the messages that were in the source when it started: those up to this one. */
  readonly lastSeq: number;
  readonly toMove: number;
  readonly moved: number;
  readonly failureReason: string | undefined;
  readonly startedAt: number;
}

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MessageCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS queues (
  name TEXT PRIMARY KEY,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_modified_at INTEGER NOT NULL,
  last_purged_at INTEGER
);
CREATE TABLE IF NOT EXISTS deleted_queues (
  name TEXT PRIMARY KEY,
  deleted_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  queue_name TEXT NOT NULL,
  body TEXT NOT NULL,
  md5_of_body TEXT NOT NULL,
  message_attributes TEXT NOT NULL,
  system_attributes TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  enqueued_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  first_received_at INTEGER,
  last_received_at INTEGER,
  receipt_handle TEXT,
  dead_letter_source_arn TEXT
);
CREATE TABLE IF NOT EXISTS fifo_deduplication (
  queue_name TEXT NOT NULL,
  deduplication_key TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sequence_number TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (queue_name, deduplication_key)
);
CREATE TABLE IF NOT EXISTS fifo_sequences (
  queue_name TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS move_tasks (
  task_id TEXT PRIMARY KEY,
  source_queue TEXT NOT NULL,
  destination_arn TEXT,
  max_per_second INTEGER,
  status TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  to_move INTEGER NOT NULL,
  moved INTEGER NOT NULL DEFAULT 0,
  failure_reason TEXT,
  started_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_queue_visibility ON messages (queue_name, visible_at);
CREATE INDEX IF NOT EXISTS messages_by_queue_age ON messages (queue_name, sent_at);
`;

/** Messages received this often stop counting towards ApproximateAgeOfOldestMessage (poison pills). */
export const POISON_PILL_RECEIVE_COUNT = 3;

/**
 * SQS state in SQLite (`node:sqlite`, WAL). Every write commits before the caller answers, so a
 * `kill -9` after an accepted SendMessage loses nothing. `synchronous=NORMAL` is durable against
 * a process crash (the WAL is in the OS's hands); only a power loss could drop the last commits.
 */
export class SqsStore {
  readonly #db: DatabaseSync;
  readonly #statements: ReturnType<typeof prepareStatements>;
  #transactionDepth = 0;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'sqs.db'), { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
    // Columns added after the first release: a data folder from before gets them empty.
    const columns = new Set(
      this.#db
        .prepare('PRAGMA table_info(messages)')
        .all()
        .map((row) => String(row.name)),
    );
    for (const column of ['message_group_id', 'deduplication_id', 'sequence_number']) {
      if (!columns.has(column)) this.#db.exec(`ALTER TABLE messages ADD COLUMN ${column} TEXT`);
    }
    this.#statements = prepareStatements(this.#db);
  }

  /** Runs `work` in one IMMEDIATE transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    if (this.#transactionDepth > 0) return work();
    this.#db.exec('BEGIN IMMEDIATE');
    this.#transactionDepth++;
    try {
      const result = work();
      this.#transactionDepth--;
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#transactionDepth--;
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  getQueue(name: string): QueueRecord | undefined {
    const row = this.#statements.getQueue.get(name);
    return row ? toQueueRecord(row) : undefined;
  }

  listQueues(): QueueRecord[] {
    return this.#statements.listQueues.all().map(toQueueRecord);
  }

  insertQueue(queue: QueueRecord): void {
    this.#statements.insertQueue.run(
      queue.name,
      JSON.stringify(queue.attributes),
      JSON.stringify(queue.tags),
      queue.createdAt,
      queue.lastModifiedAt,
    );
    this.#statements.forgetDeletedQueue.run(queue.name);
  }

  updateQueueAttributes(name: string, attributes: Readonly<Record<string, string>>, modifiedAt: number): void {
    this.#statements.updateQueueAttributes.run(JSON.stringify(attributes), modifiedAt, name);
  }

  updateQueueTags(name: string, tags: Readonly<Record<string, string>>): void {
    this.#statements.updateQueueTags.run(JSON.stringify(tags), name);
  }

  /** Deletes the queue and its messages, remembering when (for QueueDeletedRecently). */
  deleteQueue(name: string, deletedAt: number): void {
    this.transaction(() => {
      this.#statements.deleteQueueMessages.run(name);
      this.#statements.forgetDeduplication.run(name);
      this.#statements.deleteQueue.run(name);
      this.#statements.rememberDeletedQueue.run(name, deletedAt);
    });
  }

  deletedAt(name: string): number | undefined {
    const row = this.#statements.deletedAt.get(name);
    return row ? toNumber(row.deleted_at) : undefined;
  }

  /** Removes every message of the queue and records the purge time. */
  purgeQueue(name: string, purgedAt: number): void {
    this.transaction(() => {
      this.#statements.deleteQueueMessages.run(name);
      this.#statements.setLastPurged.run(purgedAt, name);
    });
  }

  insertMessage(message: NewMessage): void {
    this.#statements.insertMessage.run(
      message.messageId,
      message.queueName,
      message.body,
      message.md5OfBody,
      JSON.stringify(message.messageAttributes),
      JSON.stringify(message.systemAttributes),
      message.senderId,
      message.sentAt,
      message.enqueuedAt,
      message.visibleAt,
      message.messageGroupId ?? null,
      message.deduplicationId ?? null,
      message.sequenceNumber ?? null,
    );
  }

  /** The send a FIFO deduplication key is remembered for, if still within its interval. */
  findDeduplication(queueName: string, key: string, now: number): DeduplicationRecord | undefined {
    const row = this.#statements.findDeduplication.get(queueName, key, now);
    return row ? { messageId: toText(row.message_id), sequenceNumber: toText(row.sequence_number) } : undefined;
  }

  rememberDeduplication(queueName: string, key: string, record: DeduplicationRecord, expiresAt: number): void {
    this.#statements.rememberDeduplication.run(queueName, key, record.messageId, record.sequenceNumber, expiresAt);
  }

  /**
   * The queue's next sequence number: 20 digits like SQS's, increasing and never reused (a
   * counter at least the time in microseconds, after a fixed leading 1).
   */
  nextSequenceNumber(queueName: string, now: number): string {
    const row = this.#statements.nextSequence.get(queueName, now * 1000);
    return (10n ** 19n + BigInt(toNumber(row?.last))).toString();
  }

  /**
   * FIFO receives: visible messages in send order, leaving out every group that has a message
   * in flight (a group's next message waits until the one before is deleted or visible again).
   */
  selectReceivableFifo(queueName: string, now: number, limit: number): MessageRecord[] {
    return this.#statements.selectReceivableFifo.all(queueName, now, queueName, now, limit).map(toMessageRecord);
  }

  /** Drops messages older than the retention period; returns how many. */
  deleteExpired(queueName: string, sentBefore: number): number {
    return Number(this.#statements.deleteExpired.run(queueName, sentBefore).changes);
  }

  /**
   * Messages that can be received now, oldest first, except that poison pills (received 3+
   * times) go to the back, as SQS does for standard queues.
   */
  /** The queue's messages, oldest first, without receiving them (the console's peek). */
  peek(queueName: string, limit: number): MessageRecord[] {
    return this.#db
      .prepare('SELECT * FROM messages WHERE queue_name = ? ORDER BY seq LIMIT ?')
      .all(queueName, limit)
      .map(toMessageRecord);
  }

  selectReceivable(queueName: string, now: number, limit: number): MessageRecord[] {
    return this.#statements.selectReceivable.all(queueName, now, POISON_PILL_RECEIVE_COUNT, limit).map(toMessageRecord);
  }

  markReceived(seq: number, now: number, visibleAt: number, receiptHandle: string): void {
    this.#statements.markReceived.run(now, now, visibleAt, receiptHandle, seq);
  }

  moveToQueue(seq: number, targetQueue: string, now: number, sourceArn: string): void {
    this.#statements.moveToQueue.run(targetQueue, now, now, sourceArn, seq);
  }

  findMessage(queueName: string, messageId: string): MessageRecord | undefined {
    const row = this.#statements.findMessage.get(queueName, messageId);
    return row ? toMessageRecord(row) : undefined;
  }

  deleteMessage(seq: number): void {
    this.#statements.deleteMessage.run(seq);
  }

  setVisibleAt(seq: number, visibleAt: number): void {
    this.#statements.setVisibleAt.run(visibleAt, seq);
  }

  /** Makes every in-flight message of the queue visible at `now`; how many there were. */
  endVisibilityTimeouts(queueName: string, now: number): number {
    return toNumber(this.#statements.endVisibilityTimeouts.run(now, queueName, now).changes);
  }

  countMessages(queueName: string, now: number): MessageCounts {
    const row = this.#statements.countMessages.get(now, now, now, queueName);
    return {
      visible: toNumber(row?.visible ?? 0),
      inFlight: toNumber(row?.in_flight ?? 0),
      delayed: toNumber(row?.delayed ?? 0),
    };
  }

  /** When the oldest non-poison message entered the queue, or undefined when there is none. */
  oldestEnqueuedAt(queueName: string): number | undefined {
    const row = this.#statements.oldestEnqueuedAt.get(queueName, POISON_PILL_RECEIVE_COUNT);
    return row?.oldest === null || row?.oldest === undefined ? undefined : toNumber(row.oldest);
  }

  /** The next moment a delayed or in-flight message becomes visible, if any. */
  nextVisibleAt(queueName: string, now: number): number | undefined {
    const row = this.#statements.nextVisibleAt.get(queueName, now);
    return row?.next === null || row?.next === undefined ? undefined : toNumber(row.next);
  }

  insertMoveTask(task: MoveTaskRecord): void {
    this.#statements.insertMoveTask.run(
      task.taskId,
      task.sourceQueue,
      task.destinationArn ?? null,
      task.maxPerSecond ?? null,
      task.status,
      task.lastSeq,
      task.toMove,
      task.moved,
      task.failureReason ?? null,
      task.startedAt,
    );
  }

  updateMoveTask(taskId: string, status: MoveTaskStatus, moved: number, failureReason?: string): void {
    this.#statements.updateMoveTask.run(status, moved, failureReason ?? null, taskId);
  }

  getMoveTask(taskId: string): MoveTaskRecord | undefined {
    const row = this.#statements.getMoveTask.get(taskId);
    return row ? toMoveTaskRecord(row) : undefined;
  }

  /** The source queue's tasks, most recent first. */
  listMoveTasks(sourceQueue: string, limit: number): MoveTaskRecord[] {
    return this.#statements.listMoveTasks.all(sourceQueue, limit).map(toMoveTaskRecord);
  }

  runningMoveTasks(): MoveTaskRecord[] {
    return this.#statements.runningMoveTasks.all().map(toMoveTaskRecord);
  }

  /** The highest message number in the queue (0 when empty): a move task's end mark. */
  lastSeq(queueName: string): number {
    return toNumber(this.#statements.lastSeq.get(queueName)?.last ?? 0);
  }

  countUpTo(queueName: string, lastSeq: number): number {
    return toNumber(this.#statements.countUpTo.get(queueName, lastSeq)?.count ?? 0);
  }

  /** Visible messages of the queue up to `lastSeq`, oldest first. */
  selectMovable(queueName: string, lastSeq: number, now: number, limit: number): MessageRecord[] {
    return this.#statements.selectMovable.all(queueName, lastSeq, now, limit).map(toMessageRecord);
  }

  /** A message moved by a task: a fresh start in the destination (never received there, not from a DLQ). */
  redriveTo(seq: number, targetQueue: string, now: number): void {
    this.#statements.redriveTo.run(targetQueue, now, now, seq);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string): StatementSync => db.prepare(sql);
  return {
    getQueue: prepare('SELECT * FROM queues WHERE name = ?'),
    listQueues: prepare('SELECT * FROM queues ORDER BY name'),
    insertQueue: prepare(
      'INSERT INTO queues (name, attributes, tags, created_at, last_modified_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updateQueueAttributes: prepare('UPDATE queues SET attributes = ?, last_modified_at = ? WHERE name = ?'),
    updateQueueTags: prepare('UPDATE queues SET tags = ? WHERE name = ?'),
    setLastPurged: prepare('UPDATE queues SET last_purged_at = ? WHERE name = ?'),
    deleteQueue: prepare('DELETE FROM queues WHERE name = ?'),
    deleteQueueMessages: prepare('DELETE FROM messages WHERE queue_name = ?'),
    findDeduplication: prepare(
      'SELECT * FROM fifo_deduplication WHERE queue_name = ? AND deduplication_key = ? AND expires_at > ?',
    ),
    rememberDeduplication: prepare(
      `INSERT OR REPLACE INTO fifo_deduplication (queue_name, deduplication_key, message_id, sequence_number, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    nextSequence: prepare(
      `INSERT INTO fifo_sequences (queue_name, last) VALUES (?1, ?2)
       ON CONFLICT (queue_name) DO UPDATE SET last = MAX(last + 1, ?2)
       RETURNING last`,
    ),
    selectReceivableFifo: prepare(
      `SELECT * FROM messages WHERE queue_name = ? AND visible_at <= ?
         AND (message_group_id IS NULL OR message_group_id NOT IN (
           SELECT message_group_id FROM messages
           WHERE queue_name = ? AND visible_at > ? AND receipt_handle IS NOT NULL AND message_group_id IS NOT NULL))
       ORDER BY seq LIMIT ?`,
    ),
    rememberDeletedQueue: prepare('INSERT OR REPLACE INTO deleted_queues (name, deleted_at) VALUES (?, ?)'),
    forgetDeletedQueue: prepare('DELETE FROM deleted_queues WHERE name = ?'),
    deletedAt: prepare('SELECT deleted_at FROM deleted_queues WHERE name = ?'),
    forgetDeduplication: prepare('DELETE FROM fifo_deduplication WHERE queue_name = ?'),
    insertMessage: prepare(
      `INSERT INTO messages (message_id, queue_name, body, md5_of_body, message_attributes, system_attributes,
         sender_id, sent_at, enqueued_at, visible_at, message_group_id, deduplication_id, sequence_number)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteExpired: prepare('DELETE FROM messages WHERE queue_name = ? AND sent_at <= ?'),
    selectReceivable: prepare(
      `SELECT * FROM messages WHERE queue_name = ? AND visible_at <= ?
       ORDER BY (receive_count >= ?), seq LIMIT ?`,
    ),
    markReceived: prepare(
      `UPDATE messages SET receive_count = receive_count + 1,
         first_received_at = COALESCE(first_received_at, ?), last_received_at = ?,
         visible_at = ?, receipt_handle = ?
       WHERE seq = ?`,
    ),
    moveToQueue: prepare(
      `UPDATE messages SET queue_name = ?, enqueued_at = ?, visible_at = ?, receipt_handle = NULL,
         dead_letter_source_arn = ?
       WHERE seq = ?`,
    ),
    findMessage: prepare('SELECT * FROM messages WHERE queue_name = ? AND message_id = ?'),
    deleteMessage: prepare('DELETE FROM messages WHERE seq = ?'),
    setVisibleAt: prepare('UPDATE messages SET visible_at = ? WHERE seq = ?'),
    endVisibilityTimeouts: prepare(
      'UPDATE messages SET visible_at = ? WHERE queue_name = ? AND visible_at > ? AND receipt_handle IS NOT NULL',
    ),
    countMessages: prepare(
      `SELECT
         COALESCE(SUM(visible_at <= ?), 0) AS visible,
         COALESCE(SUM(visible_at > ? AND receipt_handle IS NOT NULL), 0) AS in_flight,
         COALESCE(SUM(visible_at > ? AND receipt_handle IS NULL), 0) AS delayed
       FROM messages WHERE queue_name = ?`,
    ),
    oldestEnqueuedAt: prepare(
      'SELECT MIN(enqueued_at) AS oldest FROM messages WHERE queue_name = ? AND receive_count < ?',
    ),
    nextVisibleAt: prepare('SELECT MIN(visible_at) AS next FROM messages WHERE queue_name = ? AND visible_at > ?'),
    insertMoveTask: prepare(
      `INSERT INTO move_tasks (task_id, source_queue, destination_arn, max_per_second, status, last_seq, to_move,
         moved, failure_reason, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateMoveTask: prepare('UPDATE move_tasks SET status = ?, moved = ?, failure_reason = ? WHERE task_id = ?'),
    getMoveTask: prepare('SELECT * FROM move_tasks WHERE task_id = ?'),
    listMoveTasks: prepare(
      'SELECT * FROM move_tasks WHERE source_queue = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
    ),
    runningMoveTasks: prepare("SELECT * FROM move_tasks WHERE status IN ('RUNNING', 'CANCELLING')"),
    lastSeq: prepare('SELECT MAX(seq) AS last FROM messages WHERE queue_name = ?'),
    countUpTo: prepare('SELECT COUNT(*) AS count FROM messages WHERE queue_name = ? AND seq <= ?'),
    selectMovable: prepare(
      'SELECT * FROM messages WHERE queue_name = ? AND seq <= ? AND visible_at <= ? ORDER BY seq LIMIT ?',
    ),
    redriveTo: prepare(
      `UPDATE messages SET queue_name = ?, enqueued_at = ?, visible_at = ?, receive_count = 0,
         first_received_at = NULL, last_received_at = NULL, receipt_handle = NULL, dead_letter_source_arn = NULL
       WHERE seq = ?`,
    ),
  };
}

type Row = Record<string, SQLOutputValue>;

function toQueueRecord(row: Row): QueueRecord {
  return {
    name: toText(row.name),
    attributes: JSON.parse(toText(row.attributes)) as Record<string, string>,
    tags: JSON.parse(toText(row.tags)) as Record<string, string>,
    createdAt: toNumber(row.created_at),
    lastModifiedAt: toNumber(row.last_modified_at),
    lastPurgedAt: toOptionalNumber(row.last_purged_at),
  };
}

function toMessageRecord(row: Row): MessageRecord {
  return {
    seq: toNumber(row.seq),
    messageId: toText(row.message_id),
    queueName: toText(row.queue_name),
    body: toText(row.body),
    md5OfBody: toText(row.md5_of_body),
    messageAttributes: JSON.parse(toText(row.message_attributes)) as Record<string, WireMessageAttributeValue>,
    systemAttributes: JSON.parse(toText(row.system_attributes)) as Record<string, WireMessageAttributeValue>,
    senderId: toText(row.sender_id),
    sentAt: toNumber(row.sent_at),
    enqueuedAt: toNumber(row.enqueued_at),
    visibleAt: toNumber(row.visible_at),
    receiveCount: toNumber(row.receive_count),
    firstReceivedAt: toOptionalNumber(row.first_received_at),
    lastReceivedAt: toOptionalNumber(row.last_received_at),
    receiptHandle: row.receipt_handle === null ? undefined : toText(row.receipt_handle),
    deadLetterSourceArn: row.dead_letter_source_arn === null ? undefined : toText(row.dead_letter_source_arn),
    messageGroupId: optionalText(row.message_group_id),
    deduplicationId: optionalText(row.deduplication_id),
    sequenceNumber: optionalText(row.sequence_number),
  };
}

function toMoveTaskRecord(row: Row): MoveTaskRecord {
  return {
    taskId: toText(row.task_id),
    sourceQueue: toText(row.source_queue),
    destinationArn: optionalText(row.destination_arn),
    maxPerSecond: toOptionalNumber(row.max_per_second),
    status: toText(row.status) as MoveTaskStatus,
    lastSeq: toNumber(row.last_seq),
    toMove: toNumber(row.to_move),
    moved: toNumber(row.moved),
    failureReason: optionalText(row.failure_reason),
    startedAt: toNumber(row.started_at),
  };
}

function toText(value: SQLOutputValue | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`Expected a text column, got ${typeof value}`);
  return value;
}

function optionalText(value: SQLOutputValue | undefined): string | undefined {
  return value === null || value === undefined ? undefined : toText(value);
}

function toNumber(value: SQLOutputValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`Expected an integer column, got ${typeof value}`);
}

function toOptionalNumber(value: SQLOutputValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : toNumber(value);
}
