/**
 * The shop's event envelope (docs/architecture.md#events): every EventBridge `detail` is `{ metadata, data }`.
 * `metadata` carries what every consumer needs whatever the event (dedupe key, correlation
 * for tracing, causation, schema version, time); `data` is the thin, event-specific part.
 */
import { randomUUID } from 'node:crypto';
import {
  catalogEntry,
  type EventData,
  type EventDetail,
  type EventMap,
  type EventName,
  latestVersion,
} from '@shop/events';

/**
 * An event ready for PutEvents: its `detail-type` (`name`), its `source` and its `detail`.
 * A union over every cataloged name, and over every cataloged version of each, because a
 * producer migrating to v2 publishes both versions for a while.
 */
export type OutgoingEvent<N extends EventName = EventName> = {
  [K in N]: { readonly name: K; readonly source: string; readonly detail: EventDetail<K> };
}[N];

/** What `createEvent` returns: an outgoing event of the latest version of `N`. */
export interface LatestOutgoingEvent<N extends EventName> {
  readonly name: N;
  readonly source: string;
  readonly detail: EventMap[N];
}

/** The caller's half of the metadata: why this event exists and which flow it belongs to. */
export interface EventCause {
  /**
   * Derive it from the business fact, not from this call (e.g. `OrderPlaced:<orderId>`), so
   * that publishing the same fact twice (an outbox retry, a redelivered trigger) produces
   * the same key and consumers do the work once. Unique per event name and fact.
   */
  readonly idempotencyKey: string;
  /** The flow's id (usually from the request that started the order); copied, never invented downstream. */
  readonly correlationId: string;
  /** The `eventId` of the event (or the id of the request) that caused this one. */
  readonly causationId: string;
}

/**
 * Builds the envelope of the latest cataloged version of `name`. The publisher validates it
 * against the catalog before sending, so an invalid `data` fails there, before it reaches
 * the bus.
 *
 * @param now - when the fact happened; inject it in tests
 * @param newId - produces `eventId`; inject it in tests
 */
export function createEvent<N extends EventName>(
  name: N,
  data: EventData<N>,
  cause: EventCause,
  now: Date = new Date(),
  newId: () => string = randomUUID,
): LatestOutgoingEvent<N> {
  const version = latestVersion(name);
  const entry = catalogEntry(name, version);
  if (!entry) throw new Error(`${name} v${version} is not cataloged`);
  const detail = {
    metadata: {
      eventId: newId(),
      idempotencyKey: cause.idempotencyKey,
      correlationId: cause.correlationId,
      causationId: cause.causationId,
      version,
      occurredAt: now.toISOString(),
    },
    data,
  };
  // `version` is the catalog's latest for `name`, so the detail is the latest detail type.
  return { name, source: entry.source, detail: detail as unknown as EventMap[N] };
}

/**
 * The correlation and causation of an event caused by `cause`: same flow, caused by that
 * event. Spread it into the `EventCause` of the event you publish in reaction.
 */
export function causedBy(cause: { readonly metadata: { readonly correlationId: string; readonly eventId: string } }): {
  correlationId: string;
  causationId: string;
} {
  return { correlationId: cause.metadata.correlationId, causationId: cause.metadata.eventId };
}
