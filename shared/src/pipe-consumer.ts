/**
 * The shape of an EventBridge Pipe from an SQS queue through a Lambda enrichment to a Lambda
 * target, the Pipe counterpart of the shared queue consumer: the same per-record step (read
 * the event against the catalog, correlate the logs, park what can never succeed), the same
 * idempotency on `metadata.idempotencyKey`, and partial batch failures.
 *
 * Pipes hands the enrichment the batch of SQS records (a JSON array) and passes its answer to
 * the target unchanged. Pipes has no partial failure for enrichments, so the enrichment answers
 * one item per record it kept: `enriched`, or `unavailable` when a retryable failure stopped
 * it. The target fails the `unavailable` items and those whose work failed, by the record's
 * `messageId` (`batchItemFailures[].itemIdentifier`), and Pipes keeps exactly those messages
 * on the queue. A record parked by the enrichment is left out, so Pipes deletes it.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html#pipes-partial-batch-failure
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context, SQSRecord } from 'aws-lambda';
import type { DeadLetterQueue } from './dead-letter-queue.ts';
import { describeError } from './errors.ts';
import { createEventRecordConsumer, type EventHandlers } from './event-record.ts';
import { type IdempotencyStore, idempotencyContext, makeEventIdempotent } from './idempotency.ts';
import { type CorrelationSource, inCorrelation } from './logger.ts';

/** What the enrichment answers for each record it kept, and the target receives. */
export type PipeItem<T> =
  | { readonly messageId: string; readonly outcome: 'enriched'; readonly value: T }
  | { readonly messageId: string; readonly outcome: 'unavailable'; readonly reason: string };

/** The target's answer: the messages to retry (Lambda's partial batch response shape). */
export interface PipeTargetResponse {
  readonly batchItemFailures: ReadonlyArray<{ readonly itemIdentifier: string }>;
}

export interface PipeEnrichmentOptions {
  readonly logger: Logger;
  /** The enrichment of each event type the pipe's queue receives; each answers the item's value. */
  readonly handlers: EventHandlers;
  /** Where a record that can never succeed goes (the pipe's DLQ): Pipes then deletes it. */
  readonly deadLetters: DeadLetterQueue;
}

/**
 * Builds a pipe's enrichment (see the module comment). The function itself fails only when it
 * cannot park a record, or is not given records: then the whole batch comes back, as Pipes does
 * for any enrichment failure.
 */
export function createPipeEnrichment<T>(
  options: PipeEnrichmentOptions,
): MiddyfiedHandler<unknown, PipeItem<T>[], Error, Context> {
  const { logger } = options;
  const consume = createEventRecordConsumer(options);
  return middy<unknown, PipeItem<T>[], Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (records) => {
      if (!Array.isArray(records) || !records.every(isSqsRecord)) {
        throw new TypeError('A pipe enrichment expects the array of SQS records Pipes sends');
      }
      const items: PipeItem<T>[] = [];
      // One after another: the logger carries one record's correlation keys at a time.
      for (const record of records) {
        const consumed = await consume(record);
        const { messageId } = record;
        if (consumed.outcome === 'done') items.push({ messageId, outcome: 'enriched', value: consumed.result as T });
        if (consumed.outcome === 'failed') {
          items.push({ messageId, outcome: 'unavailable', reason: describeError(consumed.error) });
        }
      }
      return items;
    });
}

export interface PipeTargetOptions<T extends { readonly metadata: { readonly idempotencyKey: string } }> {
  readonly logger: Logger;
  /** Keys `handle` on the value's `metadata.idempotencyKey`. */
  readonly idempotency: IdempotencyStore;
  /** Checks an enriched value at the target's edge: the enrichment's answer is input like any other. */
  readonly isValue: (value: unknown) => value is T;
  /** The correlation keys of a value's log lines, and its order. */
  readonly correlationOf: (value: T) => { readonly source: CorrelationSource; readonly orderId?: string };
  /** The work, once per idempotency key: throw to have the message retried. */
  readonly handle: (value: T) => Promise<unknown>;
}

/**
 * Builds a pipe's target (see the module comment): one item after another, each with its
 * correlation keys, answering the messages to retry. Anything but the enrichment's items fails
 * the whole batch: Pipes retries it, and the pipe's DLQ ends it.
 */
export function createPipeTarget<T extends { readonly metadata: { readonly idempotencyKey: string } }>(
  options: PipeTargetOptions<T>,
): MiddyfiedHandler<unknown, PipeTargetResponse, Error, Context> {
  const { logger, idempotency } = options;
  const handleOnce = makeEventIdempotent(options.handle, idempotency);
  idempotency.onDuplicate((storedResult) =>
    logger.info('Duplicate delivery: answered with the stored result, the work was not done again', {
      storedResult,
    }),
  );
  const isItem = (value: unknown): value is PipeItem<T> => {
    if (!isRecord(value) || typeof value.messageId !== 'string' || value.messageId === '') return false;
    if (value.outcome === 'unavailable') return typeof value.reason === 'string';
    return value.outcome === 'enriched' && options.isValue(value.value);
  };

  return middy<unknown, PipeTargetResponse, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(idempotencyContext(idempotency))
    .handler(async (items) => {
      if (!Array.isArray(items) || !items.every(isItem)) {
        throw new TypeError('A pipe target expects the array of items its enrichment answers');
      }
      const failed: string[] = [];
      for (const item of items) {
        if (item.outcome === 'unavailable') {
          logger.warn('Not enriched; the message will be retried', { messageId: item.messageId, reason: item.reason });
          failed.push(item.messageId);
          continue;
        }
        const { source, orderId } = options.correlationOf(item.value);
        await inCorrelation(logger, source, orderId, async () => {
          try {
            await handleOnce(item.value);
          } catch (error) {
            logger.error('The work failed; the message will be retried', {
              messageId: item.messageId,
              error: describeError(error),
            });
            failed.push(item.messageId);
          }
        });
      }
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}

function isSqsRecord(value: unknown): value is SQSRecord {
  return isRecord(value) && typeof value.messageId === 'string' && typeof value.body === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
