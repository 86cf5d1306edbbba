import type { SQSRecord } from 'aws-lambda';
import type { EventSourceMappingSpec } from '../loader/topology.ts';
import type { InvokeResult } from './lambda-runtime.ts';

/** What an SQS event source mapping needs from the queue: receive, delete, and the record shape. */
export interface PolledQueue<M> {
  receiveMessages(
    queueArn: string,
    options: { maxNumberOfMessages: number; waitTimeSeconds: number; signal?: AbortSignal },
  ): Promise<readonly M[]>;
  deleteMessage(queueArn: string, receiptHandle: string): void | Promise<void>;
  toRecord(message: M): SQSRecord;
}

export interface EventSourceStats {
  batches: number;
  records: number;
  deleted: number;
  failedRecords: number;
  failedBatches: number;
}

/**
 * An SQS event source mapping as Lambda runs it: pollers long-poll the queue, gather up to
 * `BatchSize` records within `MaximumBatchingWindowInSeconds`, invoke the function
 * synchronously, and delete what succeeded. With `ReportBatchItemFailures` only the records
 * named in `batchItemFailures` stay on the queue (an invalid response fails the whole batch);
 * without it, an error leaves the whole batch to reappear after the visibility timeout. The
 * queue's redrive policy, not the mapping, moves repeatedly failing messages to the DLQ.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export class SqsEventSource<M extends { receiptHandle: string }> {
  readonly #spec: EventSourceMappingSpec;
  readonly #queue: PolledQueue<M>;
  readonly #invoke: (functionName: string, event: unknown) => Promise<InvokeResult>;
  #abort = new AbortController();
  #loops: Promise<void>[] = [];
  #enabled: boolean;
  readonly stats: EventSourceStats = { batches: 0, records: 0, deleted: 0, failedRecords: 0, failedBatches: 0 };

  constructor(
    spec: EventSourceMappingSpec,
    queue: PolledQueue<M>,
    invoke: (functionName: string, event: unknown) => Promise<InvokeResult>,
  ) {
    this.#spec = spec;
    this.#queue = queue;
    this.#invoke = invoke;
    this.#enabled = spec.enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get spec(): EventSourceMappingSpec {
    return this.#spec;
  }

  /** Starts the pollers: Lambda begins with five concurrent batches, capped by MaximumConcurrency. */
  start(pollers = Math.min(this.#spec.maximumConcurrency ?? 5, 5)): void {
    if (!this.#enabled || this.#loops.length > 0) return;
    this.#abort = new AbortController();
    for (let i = 0; i < pollers; i++) this.#loops.push(this.#poll());
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#loops);
    this.#loops = [];
  }

  /**
   * `UpdateEventSourceMapping` with `Enabled`: a disabled mapping stops polling and leaves the
   * messages on the queue; enabling it again resumes. (Operators pause a consumer this way.)
   */
  async setEnabled(enabled: boolean): Promise<void> {
    this.#enabled = enabled;
    if (enabled) this.start();
    else await this.stop();
  }

  async #poll(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        const batch = await this.#gather(signal);
        if (batch.length > 0 && !signal.aborted) await this.#process(batch);
      } catch (error) {
        if (signal.aborted) return;
        // A poller error (queue deleted, store closed) backs off instead of spinning.
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        void error;
      }
    }
  }

  async #gather(signal: AbortSignal): Promise<M[]> {
    const batch: M[] = [];
    const windowMs = this.#spec.maximumBatchingWindowSeconds * 1000;
    let deadline: number | undefined;
    while (batch.length < this.#spec.batchSize && !signal.aborted) {
      const remaining = deadline === undefined ? 20_000 : deadline - Date.now();
      if (deadline !== undefined && remaining <= 0) break;
      const messages = await this.#queue.receiveMessages(this.#spec.sourceArn, {
        maxNumberOfMessages: Math.min(10, this.#spec.batchSize - batch.length),
        waitTimeSeconds: Math.min(20, Math.ceil(remaining / 1000)),
        signal,
      });
      batch.push(...messages);
      if (batch.length === 0) continue;
      if (windowMs === 0) break;
      deadline ??= Date.now() + windowMs;
    }
    return batch;
  }

  async #process(batch: readonly M[]): Promise<void> {
    this.stats.batches++;
    this.stats.records += batch.length;
    const records = batch.map((message) => this.#queue.toRecord(message));
    const result = await this.#invoke(this.#spec.functionName, { Records: records });
    const failed = result.ok ? this.#failedIds(result.payload, records) : 'all';
    if (failed === 'all') {
      this.stats.failedBatches++;
      this.stats.failedRecords += batch.length;
      return;
    }
    for (const [index, message] of batch.entries()) {
      if (failed.has(records[index]?.messageId ?? '')) {
        this.stats.failedRecords++;
        continue;
      }
      await this.#queue.deleteMessage(this.#spec.sourceArn, message.receiptHandle);
      this.stats.deleted++;
    }
  }

  /** The partial batch response's failed message ids; `'all'` when the response is invalid. */
  #failedIds(payload: unknown, records: readonly SQSRecord[]): Set<string> | 'all' {
    if (!this.#spec.reportBatchItemFailures) return new Set();
    if (payload === null || payload === undefined || typeof payload !== 'object') return new Set();
    const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
    if (failures === undefined || failures === null) return new Set();
    if (!Array.isArray(failures)) return 'all';
    const ids = new Set<string>();
    const known = new Set(records.map((record) => record.messageId));
    for (const failure of failures) {
      const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      if (typeof id !== 'string' || id === '' || !known.has(id)) return 'all';
      ids.add(id);
    }
    return ids;
  }
}
