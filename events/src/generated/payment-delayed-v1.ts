/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of PaymentDelayed v1 (source shop.payments).
 */
export interface PaymentDelayedV1 {
  metadata: PaymentDelayedV1Metadata;
  data: PaymentDelayedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface PaymentDelayedV1Metadata {
  /**
   * Unique id of this event. A redelivery or an archive replay carries the same eventId.
   */
  eventId: string;
  /**
   * What consumers deduplicate on. Derived from the business fact (for example OrderPlaced:<orderId>), so publishing the same fact twice yields the same key.
   */
  idempotencyKey: string;
  /**
   * Shared by every event and log line of one business flow (one order), from the request that started it.
   */
  correlationId: string;
  /**
   * The eventId of the event, or the id of the request, that caused this event.
   */
  causationId: string;
  /**
   * The schema version of this event: the catalog folder v<N>.
   */
  version: 1;
  /**
   * When the fact happened (RFC 3339, UTC), not when it was published.
   */
  occurredAt: string;
}
/**
 * The order whose payment waits for the provider, why, and since when.
 */
export interface PaymentDelayedV1Data {
  /**
   * The order whose payment waits.
   */
  orderId: string;
  /**
   * PROVIDER_UNAVAILABLE: the payment provider could not be reached or refused to work; nothing was charged.
   */
  reason: 'PROVIDER_UNAVAILABLE';
  /**
   * When the payment message was first received from the payment queue (RFC 3339, UTC): the start of the wait.
   */
  waitingSince: string;
}
