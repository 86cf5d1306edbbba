/**
 * What every consumer of EventBridge events delivered through SQS does with one record, whether
 * a Lambda event source mapping or an EventBridge Pipe hands it over: read the event its
 * `detail-type` names, validated against the catalog schema of its version; run that event's
 * use case with the order's correlation id on every log line; and decide what a failure means.
 * A failure `isRetryable` refuses (a schema-invalid event, a misrouted version, a use case's
 * final refusal) fails the same way on every delivery, so it is parked in the dead-letter queue
 * at once; any other failure is handed back to the trigger, which retries the record.
 */
import type { EventDetail, EventName } from '@shop/events';
import type { SQSRecord } from 'aws-lambda';
import type { DeadLetterQueue } from './dead-letter-queue.ts';
import { describeError, EventValidationError, isEventValidationError, isRetryable } from './errors.ts';
import { inCorrelation, type Logger } from './logger.ts';
import { parseEventBridgeEvent } from './validate-event.ts';

/** One use case per event type a queue receives, keyed by `detail-type`. */
export type EventHandlers = { readonly [N in EventName]?: (envelope: EventDetail<N>) => Promise<unknown> };

export interface EventRecordConsumerOptions {
  readonly logger: Logger;
  /** The use case of each event type the queue's rules route to it. */
  readonly handlers: EventHandlers;
  /**
   * The versions the consumer reads, as its rule's `detail.metadata.version` says. Another
   * version (a misrouted or stale event) is parked like a schema-invalid one. Absent: every
   * version that is not retired.
   */
  readonly versions?: readonly number[];
  /**
   * Where records that can never succeed go at once. Without it they are handed back as
   * failed, and the queue's redrive policy parks them after `maxReceiveCount` receives.
   */
  readonly deadLetters?: DeadLetterQueue;
}

/** What became of one record. */
export type RecordOutcome =
  | { readonly outcome: 'done'; readonly envelope: EventDetail; readonly result: unknown }
  | { readonly outcome: 'parked' }
  /** Worth another attempt: the trigger retries the record. `envelope` is there when the event was read. */
  | { readonly outcome: 'failed'; readonly envelope: EventDetail | undefined; readonly error: unknown };

/**
 * Builds the per-record step of a consumer (see the module comment). It resolves with the
 * record's outcome, and rejects only when a record that had to be parked could not be: then
 * nothing is lost, because the trigger retries it.
 */
export function createEventRecordConsumer(
  options: EventRecordConsumerOptions,
): (record: SQSRecord) => Promise<RecordOutcome> {
  const { logger, deadLetters } = options;
  // Each record is read as the event its detail-type names, so the use case typed for that
  // event can take it; TypeScript cannot follow that through the map, hence the cast.
  const handlers = options.handlers as Readonly<
    Record<string, ((envelope: EventDetail) => Promise<unknown>) | undefined>
  >;
  const eventNames = Object.keys(handlers) as EventName[];
  const expectedEvent = eventNames.join(', ');

  function read(record: SQSRecord): { eventName: EventName; envelope: EventDetail } {
    const detailType = detailTypeOf(record.body);
    if (eventNames.length > 1 && detailType !== undefined && !eventNames.some((name) => name === detailType)) {
      throw new EventValidationError(undefined, [
        `detail-type: must be one of ${eventNames.join(', ')}, got ${JSON.stringify(detailType)}`,
      ]);
    }
    // Otherwise a record is read as the event it names, or as the only one this consumer takes,
    // so the schema check says what is wrong with it.
    const eventName = eventNames.find((name) => name === detailType) ?? (eventNames[0] as EventName);
    const envelope = parseEventBridgeEvent<EventName>(eventName, record.body);
    const { version } = envelope.metadata;
    if (options.versions !== undefined && !options.versions.includes(version)) {
      throw new EventValidationError(eventName, [
        `detail/metadata/version: this consumer reads v${options.versions.join(', v')} of ${eventName}, got v${version}`,
      ]);
    }
    return { eventName, envelope };
  }

  async function failOrPark(
    record: SQSRecord,
    envelope: EventDetail | undefined,
    error: unknown,
  ): Promise<RecordOutcome> {
    if (isEventValidationError(error)) {
      logger.error('Schema-invalid event', {
        messageId: record.messageId,
        eventName: error.eventName,
        issues: error.issues,
      });
    }
    if (isRetryable(error) || deadLetters === undefined) {
      logger.error('Event handling failed; the message will be retried', {
        messageId: record.messageId,
        error: describeError(error),
      });
      return { outcome: 'failed', envelope, error };
    }
    const issues = isEventValidationError(error) ? error.issues : [describeError(error)];
    await deadLetters.park(record, issues, { expectedEvent });
    logger.warn('Not retryable: sent the message to the dead-letter queue', {
      messageId: record.messageId,
      error: describeError(error),
    });
    return { outcome: 'parked' };
  }

  return async (record) => {
    let reading: { eventName: EventName; envelope: EventDetail };
    try {
      reading = read(record);
    } catch (error) {
      return failOrPark(record, undefined, error);
    }
    const { eventName, envelope } = reading;
    return inCorrelation(logger, envelope.metadata, orderIdOf(envelope.data), async () => {
      try {
        return { outcome: 'done', envelope, result: await handlers[eventName]?.(envelope) };
      } catch (error) {
        return failOrPark(record, envelope, error);
      }
    });
  };
}

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
