import { randomUUID } from 'node:crypto';
import { invalidParameterValue, missingParameter, resourceNotFound, unsupportedOperation } from './errors.ts';
import type { MoveTaskRecord, SqsStore } from './store.ts';

/** What the move tasks need from the engine: its store, its clock and its view of queues. */
export interface MoveTaskHost {
  readonly store: SqsStore;
  readonly clock: () => number;
  /** The queue's name from an ARN; throws SQS's error when it is not one. */
  queueNameOfArn(arn: string): string;
  queueExists(name: string): boolean;
  isFifo(name: string): boolean;
  queueArnOf(name: string): string;
  /** The queues whose RedrivePolicy names this queue as their dead-letter queue. */
  deadLetterSources(name: string): string[];
  /** Wakes receives parked on the queue. */
  notify(name: string): void;
}

export interface StartMoveTaskInput {
  readonly sourceArn: unknown;
  readonly destinationArn?: unknown;
  readonly maxNumberOfMessagesPerSecond?: unknown;
}

/** One entry of ListMessageMoveTasks, in the API's shape. */
export interface MoveTaskEntry {
  readonly TaskHandle?: string;
  readonly Status: string;
  readonly SourceArn: string;
  readonly DestinationArn?: string;
  readonly MaxNumberOfMessagesPerSecond?: number;
  readonly ApproximateNumberOfMessagesMoved: number;
  readonly ApproximateNumberOfMessagesToMove: number;
  readonly FailureReason?: string;
  readonly StartedTimestamp: number;
}

/** AWS's ceiling for a fixed rate; with no rate given, the local cloud moves at this rate too. */
const MAX_MESSAGES_PER_SECOND = 500;
const TICKS_PER_SECOND = 10;
const MAX_LISTED_TASKS = 10;

/**
 * SQS message movement tasks: the AWS way to redrive a dead-letter queue.
 *
 * A task moves the messages that were in the source queue when it started (later arrivals stay),
 * to `DestinationArn` or, without one, each back to the queue it was dead-lettered from. A moved
 * message keeps its id, body and attributes and starts afresh in its new queue: receive count 0,
 * visible at once. Messages in flight in the source are moved once they are visible again, and
 * messages deleted meanwhile simply count as gone. One task at a time per source queue; tasks are
 * stored, so a task running when the local cloud stops resumes when it starts again.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
 */
export class MessageMoveTasks {
  readonly #host: MoveTaskHost;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Messages each task may still move this tick (its rate spread over the ticks). */
  readonly #allowance = new Map<string, number>();
  #closed = false;

  constructor(host: MoveTaskHost) {
    this.#host = host;
    for (const task of host.store.runningMoveTasks()) this.#schedule(task.taskId);
  }

  start(input: StartMoveTaskInput): { TaskHandle: string } {
    const { store, clock } = this.#host;
    const source = this.#requireQueueArn('SourceArn', input.sourceArn);
    if (this.#host.deadLetterSources(source).length === 0) {
      throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    }
    let destinationArn: string | undefined;
    if (input.destinationArn !== undefined && input.destinationArn !== null) {
      const destination = this.#requireQueueArn('DestinationArn', input.destinationArn);
      if (destination === source) throw invalidParameterValue('Source and destination queues must be different.');
      if (this.#host.isFifo(destination) !== this.#host.isFifo(source)) {
        throw invalidParameterValue('Source and destination queues must be of the same type.');
      }
      destinationArn = this.#host.queueArnOf(destination);
    }
    const rate = readRate(input.maxNumberOfMessagesPerSecond);
    const task = store.transaction((): MoveTaskRecord => {
      if (store.runningMoveTasks().some((running) => running.sourceQueue === source)) {
        throw unsupportedOperation(
          'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
        );
      }
      const lastSeq = store.lastSeq(source);
      const record: MoveTaskRecord = {
        taskId: randomUUID(),
        sourceQueue: source,
        destinationArn,
        maxPerSecond: rate,
        status: 'RUNNING',
        lastSeq,
        toMove: store.countUpTo(source, lastSeq),
        moved: 0,
        failureReason: undefined,
        startedAt: clock(),
      };
      store.insertMoveTask(record);
      return record;
    });
    this.#schedule(task.taskId);
    return { TaskHandle: this.#handleOf(task) };
  }

  /** The source queue's most recent tasks (default 1, at most 10), newest first. */
  list(sourceArn: unknown, maxResults: unknown): { Results?: MoveTaskEntry[] } {
    const source = this.#requireQueueArn('SourceArn', sourceArn);
    const limit = maxResults === undefined || maxResults === null ? 1 : Number(maxResults);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTED_TASKS) {
      throw invalidParameterValue(
        `Value ${String(maxResults)} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and ${MAX_LISTED_TASKS}.`,
      );
    }
    const results = this.#host.store.listMoveTasks(source, limit).map((task) => this.#entryOf(task));
    return results.length > 0 ? { Results: results } : {};
  }

  /** Stops a RUNNING task; messages already moved stay moved. */
  cancel(taskHandle: unknown): { ApproximateNumberOfMessagesMoved: number } {
    if (typeof taskHandle !== 'string' || taskHandle === '') throw missingParameter('TaskHandle');
    const taskId = parseHandle(taskHandle);
    const { store } = this.#host;
    return store.transaction(() => {
      const task = taskId === undefined ? undefined : store.getMoveTask(taskId);
      if (!task) throw resourceNotFound('Task does not exist.');
      if (task.status !== 'RUNNING') throw unsupportedOperation('Only active tasks can be cancelled.');
      store.updateMoveTask(task.taskId, 'CANCELLED', task.moved);
      this.#unschedule(task.taskId);
      return { ApproximateNumberOfMessagesMoved: task.moved };
    });
  }

  close(): void {
    this.#closed = true;
    for (const taskId of [...this.#timers.keys()]) this.#unschedule(taskId);
  }

  #schedule(taskId: string): void {
    if (this.#closed || this.#timers.has(taskId)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(taskId);
      if (this.#step(taskId)) this.#schedule(taskId);
    }, 1000 / TICKS_PER_SECOND);
    timer.unref();
    this.#timers.set(taskId, timer);
  }

  #unschedule(taskId: string): void {
    clearTimeout(this.#timers.get(taskId));
    this.#timers.delete(taskId);
    this.#allowance.delete(taskId);
  }

  /** Moves one tick's worth of messages; false once the task is over. */
  #step(taskId: string): boolean {
    if (this.#closed) return false;
    const { store, clock } = this.#host;
    const notified = new Set<string>();
    const running = store.transaction(() => {
      const task = store.getMoveTask(taskId);
      if (task?.status !== 'RUNNING') return false;
      const fail = (reason: string) => {
        store.updateMoveTask(task.taskId, 'FAILED', task.moved, reason);
        return false;
      };
      if (!this.#host.queueExists(task.sourceQueue)) return fail('AWS.SimpleQueueService.NonExistentQueue');
      const rate = task.maxPerSecond ?? MAX_MESSAGES_PER_SECOND;
      const allowance = Math.min(rate, (this.#allowance.get(taskId) ?? 0) + rate / TICKS_PER_SECOND);
      const perTick = Math.floor(allowance);
      this.#allowance.set(taskId, allowance - perTick);
      const now = clock();
      let moved = task.moved;
      for (const message of store.selectMovable(task.sourceQueue, task.lastSeq, now, perTick)) {
        const destination = this.#destinationOf(task.destinationArn ?? message.deadLetterSourceArn);
        if (destination === undefined) {
          store.updateMoveTask(task.taskId, 'FAILED', moved, 'CouldNotDetermineMessageSource');
          return false;
        }
        store.redriveTo(message.seq, destination, now);
        notified.add(destination);
        moved++;
      }
      const remaining = store.countUpTo(task.sourceQueue, task.lastSeq);
      store.updateMoveTask(task.taskId, remaining === 0 ? 'COMPLETED' : 'RUNNING', moved);
      if (remaining === 0) this.#allowance.delete(taskId);
      return remaining > 0;
    });
    for (const queue of notified) this.#host.notify(queue);
    return running;
  }

  #destinationOf(arn: string | undefined): string | undefined {
    if (arn === undefined) return undefined;
    try {
      const name = this.#host.queueNameOfArn(arn);
      return this.#host.queueExists(name) ? name : undefined;
    } catch {
      return undefined;
    }
  }

  #requireQueueArn(parameter: string, value: unknown): string {
    if (typeof value !== 'string' || value === '') throw missingParameter(parameter);
    if (!value.startsWith('arn:')) {
      throw invalidParameterValue(`Value ${value} for parameter ${parameter} is invalid. Reason: Invalid ARN.`);
    }
    let name: string;
    try {
      name = this.#host.queueNameOfArn(value);
    } catch {
      throw resourceNotFound(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
    }
    if (!this.#host.queueExists(name)) {
      throw resourceNotFound(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
    }
    return name;
  }

  #handleOf(task: MoveTaskRecord): string {
    const sourceArn = this.#host.queueArnOf(task.sourceQueue);
    return Buffer.from(JSON.stringify({ taskId: task.taskId, sourceArn }), 'utf8').toString('base64');
  }

  #entryOf(task: MoveTaskRecord): MoveTaskEntry {
    return {
      ...(task.status === 'RUNNING' ? { TaskHandle: this.#handleOf(task) } : {}),
      Status: task.status,
      SourceArn: this.#host.queueArnOf(task.sourceQueue),
      ...(task.destinationArn ? { DestinationArn: task.destinationArn } : {}),
      ...(task.maxPerSecond === undefined ? {} : { MaxNumberOfMessagesPerSecond: task.maxPerSecond }),
      ApproximateNumberOfMessagesMoved: task.moved,
      ApproximateNumberOfMessagesToMove: task.toMove,
      ...(task.failureReason ? { FailureReason: task.failureReason } : {}),
      StartedTimestamp: task.startedAt,
    };
  }
}

function readRate(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const rate = Number(value);
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_MESSAGES_PER_SECOND) {
    throw invalidParameterValue(
      `Value ${String(value)} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: MaxNumberOfMessagesPerSecond must be an integer between 1 and ${MAX_MESSAGES_PER_SECOND}.`,
    );
  }
  return rate;
}

/** The task id inside a handle this local cloud issued; undefined for anything else. */
function parseHandle(handle: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(handle, 'base64').toString('utf8'));
    if (decoded && typeof decoded === 'object' && 'taskId' in decoded && typeof decoded.taskId === 'string') {
      return decoded.taskId;
    }
  } catch {
    // not a handle of ours
  }
  return undefined;
}
