/**
 * The port every producer publishes through, and its two adapters: EventBridge, and an
 * in-memory recorder for use-case tests. Both refuse an event that does not match the
 * catalog, so a contract break fails in the producer's own tests, never on the bus.
 */
import { createHash } from 'node:crypto';
import { PutEventsCommand, type PutEventsCommandOutput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CatalogEntry, catalogEntry, eventCatalog } from '@shop/events';
import type { OutgoingEvent } from './envelope.ts';
import { describeError, EventValidationError, type FailedPublishEntry, PublishError } from './errors.ts';
import { readTolerantly, validateEvent } from './validate-event.ts';

/** Publishes domain events. The domain depends on this interface only. */
export interface EventPublisher {
  /**
   * Publishes every event or throws. On a `PublishError` some events may have been
   * published: retry the whole call; consumers are idempotent on `metadata.idempotencyKey`.
   */
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}

/** The one EventBridge client method the publisher calls; `EventBridgeClient` satisfies it. */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

/** PutEvents accepts at most 10 entries per request. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/**
 * Checks an outgoing event against the catalog: schema of the version it declares, and the
 * catalog's `source` for its name.
 *
 * @throws EventValidationError
 */
export function assertPublishable(event: OutgoingEvent): void {
  const version = event.detail.metadata.version;
  const entry = catalogEntry(event.name, version);
  if (entry && entry.source !== event.source) {
    throw new EventValidationError(event.name, [`source: must be "${entry.source}", got "${event.source}"`]);
  }
  validateEvent(event.name, version, event.detail);
}

/**
 * The `eventId` of a retiring version's copy: derived from the original's, so publishing the
 * same event again (an outbox retry) yields the same copy, and formatted as a UUID (version 8,
 * "custom") as the envelope requires.
 */
function derivedEventId(eventId: string, version: number): string {
  const hex = createHash('sha256').update(`${eventId}:v${version}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Each event followed by a copy in every `retiring` version of its name, for the consumers
 * that have not moved to the latest version yet (the "expand" half of expand and contract).
 * A copy is the event read as the old version: the properties the old schema does not know
 * are dropped, `metadata.version` is the old version and `metadata.eventId` is derived from
 * the original's; the idempotency key, correlation and causation stay, so a consumer that
 * receives both versions still does the work once. A latest version that cannot be read as
 * the retiring one (a field renamed, a type changed) fails here, in the producer's tests.
 *
 * @param catalog - the catalog to read statuses from; the shop's own by default
 */
export function withRetiringVersions(
  events: readonly OutgoingEvent[],
  catalog: readonly CatalogEntry[] = eventCatalog,
): OutgoingEvent[] {
  return events.flatMap((event) => {
    const retiring = catalog.filter(
      (entry) =>
        entry.name === event.name && entry.status === 'retiring' && entry.version < event.detail.metadata.version,
    );
    const copies = retiring.map((entry) => {
      const metadata = {
        ...event.detail.metadata,
        version: entry.version,
        eventId: derivedEventId(event.detail.metadata.eventId, entry.version),
      };
      const detail = readTolerantly(event.name, entry.version, { ...event.detail, metadata });
      return { name: event.name, source: event.source, detail } as OutgoingEvent;
    });
    return [event, ...copies];
  });
}

function toEntry(event: OutgoingEvent, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event.name,
    Detail: JSON.stringify(event.detail),
    // The event's own time, not the publish time: an outbox relay may publish minutes later,
    // and archive replays and rules reading `time` should see when the fact happened.
    Time: new Date(event.detail.metadata.occurredAt),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Options of {@link createEventBridgePublisher}. */
export interface EventBridgePublisherOptions {
  /** Built once at module scope (cold start), shared by every invocation. */
  readonly client: PutEventsClient;
  /** The shop's custom bus (`EVENT_BUS_NAME`). */
  readonly busName: string;
}

/**
 * Publishes to EventBridge with PutEvents.
 *
 * - Validates every event before sending anything: one invalid event means none is sent.
 * - Sends, beside each event, its copy in every retiring version ({@link withRetiringVersions}).
 * - Sends in requests of at most 10 entries (the PutEvents limit).
 * - PutEvents is not all-or-nothing: it can answer 200 with `FailedEntryCount > 0` and an
 *   `ErrorCode` on some entries. Every request is attempted; failed entries (and requests
 *   that threw) are collected into one `PublishError` so the caller retries.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
export function createEventBridgePublisher({ client, busName }: EventBridgePublisherOptions): EventPublisher {
  return {
    async publish(events) {
      for (const event of events) assertPublishable(event);
      const toSend = withRetiringVersions(events);
      for (const copy of toSend) assertPublishable(copy);
      const failures: FailedPublishEntry[] = [];
      let firstError: unknown;
      for (const batch of chunk(toSend, PUT_EVENTS_MAX_ENTRIES)) {
        try {
          const output = await client.send(
            new PutEventsCommand({ Entries: batch.map((event) => toEntry(event, busName)) }),
          );
          if ((output.FailedEntryCount ?? 0) === 0) continue;
          // The response's Entries line up one-to-one with the request's, in order.
          batch.forEach((event, index) => {
            const result = output.Entries?.[index];
            if (result?.ErrorCode || !result?.EventId) {
              failures.push({
                eventName: event.name,
                eventId: event.detail.metadata.eventId,
                errorCode: result?.ErrorCode ?? 'MissingResultEntry',
                errorMessage: result?.ErrorMessage ?? 'PutEvents returned no result for this entry',
              });
            }
          });
        } catch (error) {
          firstError ??= error;
          for (const event of batch) {
            failures.push({
              eventName: event.name,
              eventId: event.detail.metadata.eventId,
              errorCode: error instanceof Error ? error.name : 'UnknownError',
              errorMessage: describeError(error),
            });
          }
        }
      }
      if (failures.length > 0) throw new PublishError(failures, { cause: firstError });
    },
  };
}
