/**
 * One pipe with an SQS source, run as EventBridge Pipes runs it: poll, filter, enrich, deliver,
 * delete. The behaviour, and the AWS page each part follows:
 *
 * - Polling and batching (eb-pipes-sqs, eb-pipes-batching-concurrency): long polls gather up to
 *   `BatchSize` records within `MaximumBatchingWindowInSeconds`; several pollers run at once.
 *   The enrichment and a Lambda target receive the batch as one JSON array, even of one record,
 *   each record in Lambda's SQS record shape.
 * - Filtering (eb-pipes-event-filtering): a record no filter matches is deleted from the queue
 *   at once, never passed on.
 * - Enrichment (eb-pipes, "Filtering events using enrichment"): invoked synchronously with the
 *   filtered batch; its answer is what the target receives. An empty answer (`""`, `{}`, `[]`,
 *   nothing) ends the execution successfully without invoking the target.
 * - Failures (eb-pipes-error-troubleshooting): a failed enrichment or target leaves the whole
 *   batch on the queue; it comes back after the visibility timeout, and the source queue's
 *   redrive policy moves it to its DLQ after `maxReceiveCount` receives. Partial batch failure
 *   of the enrichment is not supported, as on AWS.
 * - Partial batch failure of a Lambda target (eb-pipes-sqs, "Reporting batch item failures"):
 *   `batchItemFailures[].itemIdentifier` = the SQS `messageId` keeps only those records; an empty
 *   or null list is full success; an `itemIdentifier` that is empty, null, missing or not a
 *   message of the batch fails the whole batch.
 * - `FIRE_AND_FORGET` targets are handed the batch asynchronously; the batch is then done.
 */

import type { SQSRecord } from 'aws-lambda';
import type { InvokeResult } from '../lambda/lambda-runtime.ts';
import { batchWaits, failedMessageIds, type GatheredBatch, gatherSqsBatch, pollSqs } from '../lambda/sqs-batch.ts';
import type { ReceiveMessagesOptions, SqsMessage } from '../sqs/index.ts';
import { toLambdaSqsRecord } from '../sqs/index.ts';
import { parseBody } from './filter-criteria.ts';
import { type PipeTemplateContext, renderInputTemplate, type TemplateInput } from './input-template.ts';
import type { PipeSpec } from './pipe-spec.ts';

/** What a pipe needs from the local SQS (`SqsService` satisfies it). */
export interface PipeSourceQueue {
  receiveMessages(queueArn: string, options: ReceiveMessagesOptions): Promise<SqsMessage[]>;
  deleteMessage(queueArn: string, receiptHandle: string): void;
}

export interface PipeDependencies {
  readonly sqs: PipeSourceQueue;
  /** A synchronous (RequestResponse) Lambda invocation. */
  readonly invokeFunction: (nameOrArn: string, payload: unknown) => Promise<InvokeResult>;
  /** An asynchronous (Event) Lambda invocation; needed by `FIRE_AND_FORGET` targets. */
  readonly invokeFunctionAsync?: (nameOrArn: string, payload: unknown) => void | Promise<void>;
  readonly region: string;
  /** One line per failed execution, for the console and the terminal trace. */
  readonly onLog?: (pipeName: string, line: string) => void;
  /** Hears of each execution's outcome (`AWS/EventBridge/Pipes` metrics, the trace). */
  readonly onExecution?: (
    pipeName: string,
    outcome: PipeExecutionOutcome,
    durationMs: number,
    messages: ReadonlyArray<{ messageId: string; body: string }>,
  ) => void;
  readonly clock?: () => Date;
}

/** How one execution (one batch) ended, in the terms of the Pipes metrics. */
export type PipeExecutionOutcome =
  | 'Succeeded'
  | 'Filtered'
  | 'EnrichmentStageFailed'
  | 'TargetStageFailed'
  | 'TargetStagePartiallyFailed';

export interface PipeStats {
  /** Batches read from the source (before filtering). */
  batches: number;
  records: number;
  /** Records deleted because no filter matched them. */
  filteredOut: number;
  enrichmentInvocations: number;
  enrichmentFailures: number;
  targetInvocations: number;
  targetFailures: number;
  /** Records deleted after the pipe delivered them (or the enrichment dropped them). */
  deleted: number;
  /** Records left on the queue for redelivery. */
  failedRecords: number;
  /** Records received again: a failed delivery or a run past the visibility timeout let them reappear. */
  redelivered: number;
  /** Milliseconds records waited on the queue before their batch was received, summed over records. */
  queueWaitMs: number;
  /** Milliseconds records waited in the batching window, summed over records. */
  batchingWindowMs: number;
}

export class SqsPipe {
  readonly spec: PipeSpec;
  readonly stats: PipeStats = {
    batches: 0,
    records: 0,
    filteredOut: 0,
    enrichmentInvocations: 0,
    enrichmentFailures: 0,
    targetInvocations: 0,
    targetFailures: 0,
    deleted: 0,
    failedRecords: 0,
    redelivered: 0,
    queueWaitMs: 0,
    batchingWindowMs: 0,
  };
  readonly #deps: PipeDependencies;
  readonly #abort = new AbortController();
  readonly #loops: Promise<void>[] = [];

  constructor(spec: PipeSpec, deps: PipeDependencies) {
    this.spec = spec;
    this.#deps = deps;
  }

  /** `RUNNING` pipes start polling; AWS reads up to five batches at once from a busy queue. */
  start(pollers = 5): void {
    if (this.spec.desiredState !== 'RUNNING' || this.#loops.length > 0) return;
    for (let i = 0; i < pollers; i++) this.#loops.push(this.#poll());
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#loops);
  }

  #poll(): Promise<void> {
    return pollSqs(
      this.#abort.signal,
      (signal) => this.#gather(signal),
      async (batch) => {
        const waits = batchWaits(
          batch.messages.map((message) => Number(message.attributes.SentTimestamp)),
          batch.firstReceivedAt ?? Date.now(),
          Date.now(),
        );
        this.stats.queueWaitMs += waits.queueWaitMs;
        this.stats.batchingWindowMs += waits.batchingWindowMs;
        await this.#observedExecute(batch.messages);
      },
      (error) => this.#log(`poller error: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  #gather(signal: AbortSignal): Promise<GatheredBatch<SqsMessage>> {
    return gatherSqsBatch(
      (queueArn, options) => this.#deps.sqs.receiveMessages(queueArn, options),
      {
        queueArn: this.spec.sourceArn,
        batchSize: this.spec.batchSize,
        maximumBatchingWindowSeconds: this.spec.maximumBatchingWindowSeconds,
      },
      signal,
    );
  }

  async #observedExecute(messages: readonly SqsMessage[]): Promise<void> {
    const before = { ...this.stats };
    const started = performance.now();
    await this.#execute(messages);
    const after = this.stats;
    const outcome: PipeExecutionOutcome =
      after.enrichmentFailures > before.enrichmentFailures
        ? 'EnrichmentStageFailed'
        : after.targetFailures > before.targetFailures
          ? 'TargetStageFailed'
          : after.failedRecords > before.failedRecords
            ? 'TargetStagePartiallyFailed'
            : after.enrichmentInvocations === before.enrichmentInvocations &&
                after.targetInvocations === before.targetInvocations
              ? 'Filtered'
              : 'Succeeded';
    this.#deps.onExecution?.(this.spec.name, outcome, performance.now() - started, messages);
  }

  /** One pipe execution: filter, enrich, deliver, then delete what is done. */
  async #execute(messages: readonly SqsMessage[]): Promise<void> {
    this.stats.batches++;
    this.stats.records += messages.length;
    this.stats.redelivered += messages.filter(
      (message) => Number(message.attributes.ApproximateReceiveCount) > 1,
    ).length;
    const passed: Array<{ record: SQSRecord; receiptHandle: string }> = [];
    for (const message of messages) {
      const record = toLambdaSqsRecord(message, this.spec.sourceArn, this.#deps.region);
      if (this.spec.filter && !this.spec.filter.matches(record)) {
        this.#delete(message.receiptHandle);
        this.stats.filteredOut++;
        continue;
      }
      passed.push({ record, receiptHandle: message.receiptHandle });
    }
    if (passed.length === 0) return;
    const records = passed.map((entry) => entry.record);

    let payload: unknown = records;
    let sourceRecords = true;
    const { enrichment, target } = this.spec;
    if (enrichment) {
      const input = enrichment.inputTemplate
        ? records.map((record) => this.#render(enrichment.inputTemplate as string, sqsTemplateInput(record)))
        : records;
      this.stats.enrichmentInvocations++;
      const result = await this.#invoke(enrichment.arn, input);
      if (!result.ok) {
        this.stats.enrichmentFailures++;
        return this.#leave(
          passed.length,
          `enrichment ${enrichment.arn} failed: ${result.errorType}: ${result.errorMessage}`,
        );
      }
      if (isEmptyPayload(result.payload)) return this.#deleteAll(passed);
      payload = result.payload;
      sourceRecords = false;
    }
    if (target.inputTemplate) {
      const template = target.inputTemplate;
      const inputOf = (item: unknown): TemplateInput =>
        sourceRecords ? sqsTemplateInput(item as SQSRecord) : { raw: item, json: item };
      payload = Array.isArray(payload)
        ? payload.map((item) => this.#render(template, inputOf(item)))
        : this.#render(template, inputOf(payload));
    }

    this.stats.targetInvocations++;
    if (target.invocationType === 'FIRE_AND_FORGET') {
      const invokeAsync = this.#deps.invokeFunctionAsync;
      if (!invokeAsync) throw new Error('FIRE_AND_FORGET needs invokeFunctionAsync');
      try {
        await invokeAsync(target.arn, payload);
      } catch (error) {
        this.stats.targetFailures++;
        return this.#leave(passed.length, `target ${target.arn} could not be invoked: ${messageOf(error)}`);
      }
      return this.#deleteAll(passed);
    }
    const result = await this.#invoke(target.arn, payload);
    if (!result.ok) {
      this.stats.targetFailures++;
      return this.#leave(passed.length, `target ${target.arn} failed: ${result.errorType}: ${result.errorMessage}`);
    }
    const failed = failedMessageIds(result.payload, records);
    if (failed === 'all') {
      this.stats.targetFailures++;
      return this.#leave(
        passed.length,
        `target ${target.arn} answered an invalid batchItemFailures: whole batch retried`,
      );
    }
    for (const entry of passed) {
      if (failed.has(entry.record.messageId)) this.stats.failedRecords++;
      else {
        this.#delete(entry.receiptHandle);
        this.stats.deleted++;
      }
    }
  }

  async #invoke(arn: string, payload: unknown): Promise<InvokeResult> {
    try {
      return await this.#deps.invokeFunction(arn, payload);
    } catch (error) {
      return {
        ok: false,
        requestId: '',
        errorType: 'ServiceException',
        errorMessage: messageOf(error),
        functionError: 'Unhandled',
      };
    }
  }

  #render(template: string, input: TemplateInput): unknown {
    const { spec } = this;
    const context: PipeTemplateContext = {
      pipeArn: spec.arn,
      pipeName: spec.name,
      sourceArn: spec.sourceArn,
      enrichmentArn: spec.enrichment?.arn,
      targetArn: spec.target.arn,
      ingestionTime: (this.#deps.clock?.() ?? new Date()).toISOString(),
    };
    return renderInputTemplate(template, input, context);
  }

  #delete(receiptHandle: string): void {
    this.#deps.sqs.deleteMessage(this.spec.sourceArn, receiptHandle);
  }

  #deleteAll(passed: ReadonlyArray<{ receiptHandle: string }>): void {
    for (const entry of passed) this.#delete(entry.receiptHandle);
    this.stats.deleted += passed.length;
  }

  /** Leaves the batch in flight: the visibility timeout brings it back, the redrive policy ends it. */
  #leave(count: number, reason: string): void {
    this.stats.failedRecords += count;
    this.#log(`${reason} (${count} record(s) stay on the queue for redelivery)`);
  }

  #log(line: string): void {
    this.#deps.onLog?.(this.spec.name, line);
  }
}

/** What a transformer sees of an SQS record: the record, and the record with its JSON body parsed. */
function sqsTemplateInput(record: SQSRecord): TemplateInput {
  return { raw: record, json: { ...record, body: parseBody(record.body).value } };
}

/** `""`, `{}`, `[]` or no payload: the enrichment filtered everything out. */
function isEmptyPayload(payload: unknown): boolean {
  if (payload === undefined || payload === null || payload === '') return true;
  if (Array.isArray(payload)) return payload.length === 0;
  return typeof payload === 'object' && Object.keys(payload).length === 0;
}

/**
 * The message ids a Lambda target reported as failed, or `'all'` when the report is invalid
 * (AWS's "complete failure" conditions for Pipes with an SQS source).
 */

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
