/**
 * The shape of every event consumer in the shop: an SQS queue (fed by an EventBridge rule)
 * drained by a Lambda function with `ReportBatchItemFailures`. Per record it validates the
 * event against the catalog, tags the logs with the order's correlation id, and runs the use
 * case once per idempotency key. One failing record fails alone; a malformed one, or one whose
 * failure is not retryable, goes straight to the DLQ instead of being retried until
 * `maxReceiveCount`.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { EventDetail } from '@shop/events';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type Environment, requireEnv } from './config.ts';
import { type DeadLetterQueue, SqsDeadLetterQueue } from './dead-letter-queue.ts';
import { createEventRecordConsumer, type EventHandlers } from './event-record.ts';
import {
  createIdempotencyStore,
  type IdempotencyStore,
  idempotencyContext,
  makeEventIdempotent,
} from './idempotency.ts';
import { createLogger } from './logger.ts';

export type { EventHandlers } from './event-record.ts';

/** Options of {@link createSqsEventConsumer}. */
export interface SqsEventConsumerOptions {
  /** Built once at module scope; gets the Lambda context and, per record, the correlation keys. */
  readonly logger: Logger;
  /** Keys each use case on `metadata.idempotencyKey`. */
  readonly idempotency: IdempotencyStore;
  /**
   * The use case of each event type the queue's rules route to it, keyed by `detail-type`,
   * called with the validated envelope of any cataloged version of the event. Throw to have the
   * record retried (after the queue's visibility timeout); return plain data, which is what a
   * duplicate delivery gets back.
   */
  readonly handlers: EventHandlers;
  /**
   * Where messages that can never succeed go at once (usually the queue's own redrive DLQ):
   * schema-invalid events and failures that are not retryable. Without it they are reported as
   * failed and reach the DLQ through the redrive policy, after `maxReceiveCount` pointless
   * receives.
   */
  readonly deadLetters?: DeadLetterQueue;
  /**
   * The versions this consumer reads, as its rule's `detail.metadata.version` says. Another
   * version (a misrouted or stale event) is parked like a schema-invalid one. Absent: every
   * version that is not retired.
   */
  readonly versions?: readonly number[];
  /**
   * Middlewares around the batch, after the logger's: their `after` sees the batch response and
   * their `onError` the whole-batch failure, and both can read {@link failedRecordsOf}.
   */
  readonly middlewares?: readonly SqsConsumerMiddleware[];
}

/** The middy middleware a consumer may add around its batch (the payments outage backoff is one). */
export type SqsConsumerMiddleware = MiddlewareObj<SQSEvent, SQSBatchResponse, Error, Context>;

/** The Lambda handler an SQS event source mapping invokes. */
export type SqsEventConsumerHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context>;

/** A record of this invocation that failed and will be retried, with the event read from it and why. */
export interface FailedRecord {
  readonly record: SQSRecord;
  /** Absent when the body could not be read as an event. */
  readonly envelope: EventDetail | undefined;
  readonly error: unknown;
}

const failedRecords = new WeakMap<Context, FailedRecord[]>();

/**
 * The records of the invocation with this context that failed and will be retried, for a
 * consumer's middleware (its `after` or `onError`): the consumer has read each event already,
 * so no middleware parses a body again.
 */
export function failedRecordsOf(context: Context): readonly FailedRecord[] {
  return failedRecords.get(context) ?? [];
}

/**
 * Builds the handler of an SQS-triggered consumer of the events its queue's rules route to it.
 *
 * Records are processed one after another, not in parallel: the logger carries one
 * record's correlation keys at a time, and a batch is small (at most 10 by default).
 * When every record of a batch fails, Powertools throws instead of reporting each one; Lambda
 * then backs off its SQS polling, which is what an outage downstream needs.
 */
export function createSqsEventConsumer(options: SqsEventConsumerOptions): SqsEventConsumerHandler {
  const { logger, idempotency } = options;
  const useCases = options.handlers as Readonly<
    Record<string, ((envelope: EventDetail) => Promise<unknown>) | undefined>
  >;
  const consume = createEventRecordConsumer({
    logger,
    handlers: Object.fromEntries(
      Object.entries(useCases).flatMap(([name, handle]) =>
        handle ? [[name, makeEventIdempotent(handle, idempotency)]] : [],
      ),
    ) as EventHandlers,
    ...(options.versions === undefined ? {} : { versions: options.versions }),
    ...(options.deadLetters === undefined ? {} : { deadLetters: options.deadLetters }),
  });
  // A duplicate (a redelivery, a producer's retry, a replay) is answered from the store: say so,
  // so a duplicate is visible in the function's log and not only in its missing side effects.
  idempotency.onDuplicate((storedResult) =>
    logger.info('Duplicate delivery: answered with the stored result, the work was not done again', {
      storedResult,
    }),
  );

  const consumer = middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(idempotencyContext(idempotency))
    .use([...(options.middlewares ?? [])]);
  return consumer.handler(async (event, context) => {
    const failed: FailedRecord[] = [];
    failedRecords.set(context, failed);
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        // A record that could not be parked rejects: it fails and is retried like the others.
        const result = await consume(record).catch((error: unknown) => ({
          outcome: 'failed' as const,
          envelope: undefined,
          error,
        }));
        if (result.outcome === 'failed') {
          failed.push({ record, envelope: result.envelope, error: result.error });
          throw result.error;
        }
      },
      processor,
      { context, processInParallel: false },
    );
  });
}

/**
 * What every deployed queue consumer is built from besides its use case, read from its
 * environment at cold start: a logger, the idempotency store (`IDEMPOTENCY_TABLE`) and the
 * queue's dead-letter queue (`DEAD_LETTER_QUEUE_URL`). A composition root spreads it into the
 * handler's dependencies.
 */
export function queueConsumerAdapters(env: Environment, clients: { dynamodb: DynamoDBClient; sqs?: SQSClient }) {
  return {
    logger: createLogger(),
    idempotency: createIdempotencyStore({ tableName: requireEnv('IDEMPOTENCY_TABLE', env), client: clients.dynamodb }),
    deadLetters: new SqsDeadLetterQueue(clients.sqs ?? new SQSClient({}), requireEnv('DEAD_LETTER_QUEUE_URL', env)),
  };
}
