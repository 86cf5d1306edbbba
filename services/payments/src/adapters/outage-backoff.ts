/**
 * Keeps payment messages waiting on their queue while the payment provider is down, instead of
 * letting them burn their receives into the dead-letter queue (docs/architecture.md#the-outage-path).
 *
 * An SQS message that fails comes back after the queue's visibility timeout, and after
 * `maxReceiveCount` receives the redrive policy moves it to the DLQ. With a 60 s timeout and
 * 50 receives, an outage of 50 minutes would park every waiting payment. So when a record
 * fails because the provider is unavailable, the handler reports it failed (it stays on the
 * queue) AND sets its visibility timeout with ChangeMessageVisibility to a delay that doubles
 * with each receive: 5 s, 10 s, 20 s, ... capped at 5 min. The next receive then comes later
 * and later, and 50 receives cover about 3 h 45 min of outage (see `outageAbsorbedSeconds`).
 * Lambda does not touch the visibility of a failed record, so the value set here holds.
 *
 * It is a middy middleware on the shared queue consumer: the consumer owns the batch loop and
 * knows, per record, the event it read and why it failed (`failedRecordsOf`); once the batch is
 * done (`after`), or has failed as a whole (`onError`: every record failed), the middleware
 * delays those that failed with `ProviderUnavailableError`.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
import {
  ChangeMessageVisibilityBatchCommand,
  type ChangeMessageVisibilityBatchCommandOutput,
  type ChangeMessageVisibilityBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import type { EventDetail } from '@shop/events';
import { describeError } from '@shop/shared/errors';
import type { Logger } from '@shop/shared/logger';
import { type FailedRecord, failedRecordsOf, type SqsConsumerMiddleware } from '@shop/shared/sqs-event-consumer';
import type { SQSRecord } from 'aws-lambda';
import { isProviderUnavailableError } from '../domain/errors.ts';

/** The delay after the first failed receive. */
export const OUTAGE_FIRST_DELAY_SECONDS = 5;
/** The longest delay: once the provider is back, a waiting payment is tried within 5 minutes. */
export const OUTAGE_MAX_DELAY_SECONDS = 300;
/** SQS's limit on a message's visibility timeout, counted from its receive. */
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
/** ChangeMessageVisibilityBatch takes at most 10 entries. */
const MAX_BATCH_ENTRIES = 10;

/**
 * The visibility timeout to give a record that failed because the provider is unavailable on
 * its `receiveCount`-th receive: 5 s doubling per receive, capped at 5 min, but never sooner
 * than the provider's own `Retry-After` hint.
 */
export function outageBackoffSeconds(receiveCount: number, retryAfterSeconds = 0): number {
  const receives = Number.isFinite(receiveCount) ? Math.max(1, Math.floor(receiveCount)) : 1;
  // Past 2^7 the cap is reached anyway; bounding the exponent keeps the number finite.
  const doubled = OUTAGE_FIRST_DELAY_SECONDS * 2 ** Math.min(receives - 1, 16);
  const delay = Math.max(Math.min(doubled, OUTAGE_MAX_DELAY_SECONDS), Math.ceil(retryAfterSeconds));
  return Math.min(delay, MAX_VISIBILITY_TIMEOUT_SECONDS);
}

/**
 * How long an outage a queue absorbs before its first message reaches the DLQ: the sum of the
 * delays of every receive up to `maxReceiveCount` (processing time not counted).
 */
export function outageAbsorbedSeconds(maxReceiveCount: number): number {
  let total = 0;
  for (let receive = 1; receive <= maxReceiveCount; receive += 1) total += outageBackoffSeconds(receive);
  return total;
}

/** The one SQS client method the backoff calls; `SQSClient` satisfies it. */
export interface ChangeVisibilityClient {
  send(command: ChangeMessageVisibilityBatchCommand): Promise<Partial<ChangeMessageVisibilityBatchCommandOutput>>;
}

export interface OutageBackoffOptions {
  /** The URL of the queue the records come from (`SOURCE_QUEUE_URL`). */
  queueUrl: string;
  sqsClient: ChangeVisibilityClient;
  logger: Logger;
  /**
   * Told about every record delayed because of an outage, after its delay is set: the order,
   * since when its message waits (SQS `ApproximateFirstReceiveTimestamp`) and the waiting event's
   * ids. Capture uses it for the delay notice. A failure here is logged, never fails the batch:
   * the record is failed and delayed already.
   */
  onWaiting?: (waiting: WaitingRecord) => Promise<unknown>;
}

/** A record that met a provider outage and waits on its queue. */
export interface WaitingRecord {
  orderId: string;
  waitingSince: Date;
  cause: { correlationId: string; causationId: string };
}

/**
 * The backoff for one consumer (see the module comment), as a middleware of the shared queue
 * consumer (`middlewares: [outageBackoff(...)]`).
 */
export function outageBackoff(options: OutageBackoffOptions): SqsConsumerMiddleware {
  async function delayRedelivery(entries: ChangeMessageVisibilityBatchRequestEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += MAX_BATCH_ENTRIES) {
      const chunk = entries.slice(start, start + MAX_BATCH_ENTRIES);
      try {
        const { Failed = [] } = await options.sqsClient.send(
          new ChangeMessageVisibilityBatchCommand({ QueueUrl: options.queueUrl, Entries: chunk }),
        );
        if (Failed.length > 0) {
          options.logger.warn('Some payment messages keep their visibility timeout', { failed: Failed });
        }
      } catch (error) {
        // Not fatal: the records are still reported failed and come back after the queue's
        // visibility timeout, one receive sooner than planned.
        options.logger.warn('Could not delay the redelivery of payment messages', { error: describeError(error) });
      }
    }
  }

  async function reportWaiting(waiting: readonly WaitingRecord[]): Promise<void> {
    const { onWaiting } = options;
    if (onWaiting === undefined) return;
    for (const record of waiting) {
      try {
        await onWaiting(record);
      } catch (error) {
        // Not fatal: the next outage attempt of this record reports it again.
        options.logger.warn('Could not report a waiting payment', {
          orderId: record.orderId,
          error: describeError(error),
        });
      }
    }
  }

  /** Delays the records of this invocation that failed because the provider is unavailable. */
  async function delayOutageFailures(records: readonly SQSRecord[], failed: readonly FailedRecord[]): Promise<void> {
    const delays = failed.flatMap((failure) => {
      const { record, envelope, error } = failure;
      if (!isProviderUnavailableError(error) || envelope === undefined) return [];
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      const entry = {
        // Its place in the batch: unique within the request, as ChangeMessageVisibilityBatch requires.
        Id: `record-${records.indexOf(record)}`,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: outageBackoffSeconds(receiveCount, error.retryAfterSeconds),
      };
      return [{ entry, orderId: orderIdOf(envelope), waiting: waitingOf(record, envelope) }];
    });
    if (delays.length === 0) return;
    options.logger.warn('Payment provider unavailable: delaying the retry of waiting payments', {
      delays: delays.map(({ entry, orderId }) => ({ orderId, seconds: entry.VisibilityTimeout })),
    });
    await delayRedelivery(delays.map(({ entry }) => entry));
    await reportWaiting(delays.flatMap(({ waiting }) => (waiting === undefined ? [] : [waiting])));
  }

  return {
    after: (request) => delayOutageFailures(request.event.Records, failedRecordsOf(request.context)),
    // Every record failed (Powertools then throws rather than listing them): delay them, and
    // let the error stand, so Lambda reports the whole batch failed.
    onError: (request) => delayOutageFailures(request.event.Records, failedRecordsOf(request.context)),
  };
}

function orderIdOf(envelope: EventDetail): string | undefined {
  const { data } = envelope as { data: { orderId?: unknown } };
  return typeof data.orderId === 'string' ? data.orderId : undefined;
}

/** The waiting order of a record, when its event and attributes name it completely. */
function waitingOf(record: SQSRecord, envelope: EventDetail): WaitingRecord | undefined {
  const firstReceived = Number(record.attributes.ApproximateFirstReceiveTimestamp);
  const orderId = orderIdOf(envelope);
  if (orderId === undefined || !Number.isFinite(firstReceived) || firstReceived <= 0) return undefined;
  const { eventId, correlationId } = envelope.metadata;
  return { orderId, waitingSince: new Date(firstReceived), cause: { correlationId, causationId: eventId } };
}
