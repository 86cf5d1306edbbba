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
 * The shared consumer owns the batch loop, so this wraps it from both sides: `watch` wraps the
 * use case and notes, per invocation (AsyncLocalStorage, so concurrent invocations never mix),
 * which events failed with `ProviderUnavailableError`; `wrap` wraps the consumer's handler
 * and, once the batch is done, delays the noted records among those reported failed.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ChangeMessageVisibilityBatchCommand,
  type ChangeMessageVisibilityBatchCommandOutput,
  type ChangeMessageVisibilityBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { describeError } from '@shop/shared/errors';
import type { Logger } from '@shop/shared/logger';
import type { SqsEventConsumerHandler } from '@shop/shared/sqs-event-consumer';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
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

type UseCase<E, R> = (envelope: E) => Promise<R>;
type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface OutageBackoff {
  /** Wraps the use case the consumer runs, noting the events it failed on because the provider is down. */
  watch<E, R>(useCase: UseCase<E, R>): UseCase<E, R>;
  /** Wraps the consumer's handler: after the batch, delays the redelivery of the noted failed records. */
  wrap(handler: SqsEventConsumerHandler): BatchHandler;
}

/** Builds the backoff for one consumer (see the module comment). */
export function createOutageBackoff(options: OutageBackoffOptions): OutageBackoff {
  /** Per invocation: eventId → the provider's retry hint, for the events that met an outage. */
  const unavailable = new AsyncLocalStorage<Map<string, number | undefined>>();

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

  return {
    watch(useCase) {
      return async (envelope) => {
        try {
          return await useCase(envelope);
        } catch (error) {
          const eventId = eventIdOf(envelope);
          if (isProviderUnavailableError(error) && eventId !== undefined) {
            unavailable.getStore()?.set(eventId, error.retryAfterSeconds);
          }
          throw error;
        }
      };
    },

    wrap(handler) {
      return async (event, context) => {
        const noted = new Map<string, number | undefined>();
        let response: SQSBatchResponse | undefined;
        let batchError: unknown;
        try {
          response = await unavailable.run(noted, () => handler(event, context));
        } catch (error) {
          // Every record failed (Powertools then throws rather than listing them): all are failed.
          batchError = error;
        }
        const delays = planDelays(event.Records, response, noted);
        if (delays.length > 0) {
          options.logger.warn('Payment provider unavailable: delaying the retry of waiting payments', {
            delays: delays.map(({ entry, orderId }) => ({ orderId, seconds: entry.VisibilityTimeout })),
          });
          await delayRedelivery(delays.map(({ entry }) => entry));
          await reportWaiting(delays.flatMap(({ waiting }) => (waiting === undefined ? [] : [waiting])));
        }
        if (response === undefined) throw batchError;
        return response;
      };
    },
  };
}

/**
 * The visibility change of every record that failed (all of them when `response` is undefined:
 * the batch threw) and whose event met an outage, with its order for the log.
 */
function planDelays(
  records: readonly SQSRecord[],
  response: SQSBatchResponse | undefined,
  noted: ReadonlyMap<string, number | undefined>,
): Array<{
  entry: ChangeMessageVisibilityBatchRequestEntry;
  orderId: string | undefined;
  waiting: WaitingRecord | undefined;
}> {
  if (noted.size === 0) return [];
  const failed = new Set(response?.batchItemFailures.map(({ itemIdentifier }) => itemIdentifier));
  return records.flatMap((record, index) => {
    const envelope = envelopeOf(record);
    if (response !== undefined && !failed.has(record.messageId)) return [];
    if (envelope?.eventId === undefined || !noted.has(envelope.eventId)) return [];
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    const entry = {
      Id: `record-${index}`,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: outageBackoffSeconds(receiveCount, noted.get(envelope.eventId)),
    };
    return [{ entry, orderId: envelope.orderId, waiting: waitingOf(record, envelope) }];
  });
}

/** The waiting order of a record, when its body and attributes name it completely. */
function waitingOf(record: SQSRecord, envelope: EnvelopeIds): WaitingRecord | undefined {
  const firstReceived = Number(record.attributes.ApproximateFirstReceiveTimestamp);
  const { orderId, eventId, correlationId } = envelope;
  if (orderId === undefined || eventId === undefined || correlationId === undefined) return undefined;
  if (!Number.isFinite(firstReceived) || firstReceived <= 0) return undefined;
  return { orderId, waitingSince: new Date(firstReceived), cause: { correlationId, causationId: eventId } };
}

interface EnvelopeIds {
  eventId: string | undefined;
  correlationId: string | undefined;
  orderId: string | undefined;
}

/** The `metadata.eventId` of an envelope, if it has one. */
function eventIdOf(envelope: unknown): string | undefined {
  if (typeof envelope !== 'object' || envelope === null || !('metadata' in envelope)) return undefined;
  const { metadata } = envelope;
  if (typeof metadata !== 'object' || metadata === null || !('eventId' in metadata)) return undefined;
  return typeof metadata.eventId === 'string' ? metadata.eventId : undefined;
}

/** The event, correlation and order ids of the EventBridge event in a record's body, if the body is one. */
function envelopeOf(record: SQSRecord): EnvelopeIds | undefined {
  type Detail = { data?: { orderId?: unknown }; metadata?: { correlationId?: unknown } };
  let detail: Detail | undefined;
  try {
    detail = (JSON.parse(record.body) as { detail?: Detail } | null)?.detail;
  } catch {
    return undefined;
  }
  const orderId = detail?.data?.orderId;
  const correlationId = detail?.metadata?.correlationId;
  return {
    eventId: eventIdOf(detail),
    correlationId: typeof correlationId === 'string' ? correlationId : undefined,
    orderId: typeof orderId === 'string' ? orderId : undefined,
  };
}
