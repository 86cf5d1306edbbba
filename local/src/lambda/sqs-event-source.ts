import type { EventSourceMappingSpec } from '@shop/topology/topology';
import type { SQSRecord } from 'aws-lambda';
import type { InvokeResult } from './lambda-runtime.ts';
import { batchWaits, failedMessageIds, type GatheredBatch, gatherSqsBatch, pollSqs } from './sqs-batch.ts';

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
  /** Records received again: a failed delivery or a run past the visibility timeout let them reappear. */
  redelivered: number;
  /** Milliseconds records waited on the queue before their batch was received, summed over records. */
  queueWaitMs: number;
  /** Milliseconds records waited in the batching window, summed over records. */
  batchingWindowMs: number;
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
  readonly #maxPollers: number;
  #abort = new AbortController();
  #loops: Promise<void>[] = [];
  #enabled: boolean;
  readonly stats: EventSourceStats = {
    batches: 0,
    records: 0,
    deleted: 0,
    failedRecords: 0,
    failedBatches: 0,
    redelivered: 0,
    queueWaitMs: 0,
    batchingWindowMs: 0,
  };

  constructor(
    spec: EventSourceMappingSpec,
    queue: PolledQueue<M>,
    invoke: (functionName: string, event: unknown) => Promise<InvokeResult>,
    /**
     * How many batches the function can run at once for this mapping (its environments). Lambda
     * scales its pollers to the concurrency it gets; a poller that received a batch it cannot
     * invoke would hold the messages in flight while it waits, and under load past their
     * visibility timeout, so no more pollers run than batches can be invoked.
     */
    options: { readonly maxPollers?: number } = {},
  ) {
    this.#spec = spec;
    this.#queue = queue;
    this.#invoke = invoke;
    this.#maxPollers = Math.max(1, options.maxPollers ?? Number.POSITIVE_INFINITY);
    this.#enabled = spec.enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get spec(): EventSourceMappingSpec {
    return this.#spec;
  }

  /**
   * Starts the pollers: Lambda begins with five concurrent batches, capped by MaximumConcurrency
   * and by the batches the function can run at once.
   */
  start(pollers = Math.min(this.#spec.maximumConcurrency ?? 5, 5, this.#maxPollers)): void {
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

  #poll(): Promise<void> {
    return pollSqs(
      this.#abort.signal,
      (signal) => this.#gather(signal),
      (batch) => this.#process(batch),
    );
  }

  #gather(signal: AbortSignal): Promise<GatheredBatch<M>> {
    return gatherSqsBatch(
      (queueArn, options) => this.#queue.receiveMessages(queueArn, options),
      {
        queueArn: this.#spec.sourceArn,
        batchSize: this.#spec.batchSize,
        maximumBatchingWindowSeconds: this.#spec.maximumBatchingWindowSeconds,
      },
      signal,
    );
  }

  async #process({ messages: batch, firstReceivedAt }: GatheredBatch<M>): Promise<void> {
    this.stats.batches++;
    this.stats.records += batch.length;
    const records = batch.map((message) => this.#queue.toRecord(message));
    this.stats.redelivered += records.filter((record) => Number(record.attributes?.ApproximateReceiveCount) > 1).length;
    const waits = batchWaits(
      records.map((record) => Number(record.attributes?.SentTimestamp ?? Date.now())),
      firstReceivedAt ?? Date.now(),
      Date.now(),
    );
    this.stats.queueWaitMs += waits.queueWaitMs;
    this.stats.batchingWindowMs += waits.batchingWindowMs;
    const result = await this.#invoke(this.#spec.functionName, { Records: records });
    const failed = !result.ok
      ? 'all'
      : this.#spec.reportBatchItemFailures
        ? failedMessageIds(result.payload, records)
        : new Set<string>();
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
}
