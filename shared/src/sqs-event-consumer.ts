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
import { SQSClient } from '@aws-sdk/client-sqs';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { EventDetail, EventName } from '@shop/events';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type SendMessageClient, SqsDeadLetterQueue } from './dead-letter-queue.ts';
import { describeError, EventValidationError, isEventValidationError, isRetryable } from './errors.ts';
import { type IdempotencyStore, makeEventIdempotent } from './idempotency.ts';
import { CORRELATION_KEYS, withCorrelation } from './logger.ts';
import { parseEventBridgeEvent } from './validate-event.ts';

export type { SendMessageClient } from './dead-letter-queue.ts';

/** One use case per event type a queue receives, for a consumer of several events. */
export type EventHandlers = { readonly [N in EventName]?: (envelope: EventDetail<N>) => Promise<unknown> };

/** Options of {@link createSqsEventConsumer}: one event (`eventName` + `handle`) or several (`handlers`). */
export type SqsEventConsumerOptions<N extends EventName> =
  | (ConsumerOptions & {
      /** The event this queue receives (the rule's `detail-type`). */
      readonly eventName: N;
      /**
       * The use case, called with the validated envelope of any cataloged version of the event.
       * Throw to have the record retried (after the queue's visibility timeout); return plain
       * data, which is what a duplicate delivery gets back.
       */
      readonly handle: (envelope: EventDetail<N>) => Promise<unknown>;
    })
  | (ConsumerOptions & {
      /** The use case of each event type the queue's rules route to it, keyed by `detail-type`. */
      readonly handlers: EventHandlers;
    });

interface ConsumerOptions {
  /** Built once at module scope; gets the Lambda context and, per record, the correlation keys. */
  readonly logger: Logger;
  /** Keys the use case on `metadata.idempotencyKey`. */
  readonly idempotency: IdempotencyStore;
  /**
   * Where schema-invalid messages go at once (usually the queue's own redrive DLQ). Without
   * it they are reported as failed and reach the DLQ through the redrive policy, after
   * `maxReceiveCount` pointless receives.
   */
  readonly deadLetterQueueUrl?: string;
  /** Built once at module scope; created on demand when `deadLetterQueueUrl` is set. */
  readonly sqsClient?: SendMessageClient;
  /**
   * The versions this consumer reads, as its rule's `detail.metadata.version` says. Another
   * version (a misrouted or stale event) is parked like a schema-invalid one. Absent: every
   * version that is not retired.
   */
  readonly versions?: readonly number[];
}

/** The Lambda handler an SQS event source mapping invokes. */
export type SqsEventConsumerHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context>;

/** The `detail-type` of an EventBridge event in an SQS body, if the body is one. */
function detailTypeOf(body: string): string | undefined {
  try {
    const event = JSON.parse(body) as { 'detail-type'?: unknown } | null;
    return typeof event?.['detail-type'] === 'string' ? event['detail-type'] : undefined;
  } catch {
    return undefined;
  }
}

function orderIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('orderId' in data)) return undefined;
  return typeof data.orderId === 'string' ? data.orderId : undefined;
}

/**
 * Builds the handler of an SQS-triggered consumer of one event (`eventName`) or several (`handlers`).
 *
 * Records are processed one after another, not in parallel: the logger carries one
 * record's correlation keys at a time, and a batch is small (at most 10 by default).
 * When every record of a batch fails, Powertools throws instead of reporting each one; Lambda
 * then backs off its SQS polling, which is what an outage downstream needs.
 */
export function createSqsEventConsumer<N extends EventName>(
  options: SqsEventConsumerOptions<N>,
): SqsEventConsumerHandler {
  const { logger, idempotency, deadLetterQueueUrl } = options;
  // Each record is parsed as the event its detail-type names (and validated), so the use case
  // typed for that event can take it; TypeScript cannot follow that through the map, hence the casts.
  const handlers = ('handlers' in options ? options.handlers : { [options.eventName]: options.handle }) as Readonly<
    Record<string, ((envelope: EventDetail) => Promise<unknown>) | undefined>
  >;
  const eventNames = Object.keys(handlers) as EventName[];
  const expectedEvents = eventNames.join(', ');
  const handleOnce = new Map(
    Object.entries(handlers).flatMap(([name, handle]) =>
      handle ? [[name, makeEventIdempotent(handle, idempotency)]] : [],
    ),
  );
  const deadLetters =
    deadLetterQueueUrl === undefined
      ? undefined
      : new SqsDeadLetterQueue(options.sqsClient ?? new SQSClient({}), deadLetterQueueUrl);
  // A duplicate (a redelivery, a producer's retry, a replay) is answered from the store: say so,
  // so a duplicate is visible in the function's log and not only in its missing side effects.
  idempotency.onDuplicate((storedResult) =>
    logger.info('Duplicate delivery: answered with the stored result, the work was not done again', {
      storedResult,
    }),
  );

  async function processRecord(record: SQSRecord): Promise<void> {
    let envelope: EventDetail;
    const detailType = detailTypeOf(record.body);
    const eventName = eventNames.find((name) => name === detailType) ?? (eventNames[0] as EventName);
    try {
      envelope = parseEventBridgeEvent<EventName>(eventName, record.body);
      const { version } = envelope.metadata;
      if (options.versions !== undefined && !options.versions.includes(version)) {
        throw new EventValidationError(eventName, [
          `detail/metadata/version: this consumer reads v${options.versions.join(', v')} of ${eventName}, got v${version}`,
        ]);
      }
    } catch (error) {
      if (isEventValidationError(error)) {
        logger.error('Schema-invalid event', { messageId: record.messageId, eventName, issues: error.issues });
      }
      return parkOrRetry(record, error);
    }
    withCorrelation(logger, envelope.metadata, orderIdOf(envelope.data));
    try {
      await handleOnce.get(eventName)?.(envelope);
    } catch (error) {
      if (isRetryable(error)) {
        logger.error('Event handling failed; the message will be retried', {
          messageId: record.messageId,
          error: describeError(error),
        });
      }
      await parkOrRetry(record, error);
    } finally {
      logger.removeKeys([...CORRELATION_KEYS]);
    }
  }

  /**
   * A failure worth another attempt fails the record (the queue redelivers it). One that is
   * not (a schema-invalid event, a use case's final refusal) fails the same way on every
   * delivery, so it goes to the DLQ at once instead of after `maxReceiveCount` pointless
   * receives; without a DLQ to send it to, the record fails and the redrive policy parks it.
   */
  async function parkOrRetry(record: SQSRecord, error: unknown): Promise<void> {
    if (isRetryable(error) || !deadLetters) throw error;
    const issues = isEventValidationError(error) ? error.issues : [describeError(error)];
    // If this send fails, the record fails and is retried: nothing is lost.
    await deadLetters.park(record, issues, { expectedEvent: expectedEvents });
    logger.warn('Not retryable: sent the message to the dead-letter queue', {
      messageId: record.messageId,
      error: describeError(error),
    });
  }

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event, context) => {
      idempotency.registerLambdaContext(context);
      const processor = new BatchProcessor(EventType.SQS);
      return processPartialResponse(event, processRecord, processor, { context, processInParallel: false });
    });
}
