/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of OrderDelayed v1 (source shop.orders).
 */
export interface OrderDelayedV1 {
  metadata: OrderDelayedV1Metadata;
  data: OrderDelayedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface OrderDelayedV1Metadata {
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
 * Which order is delayed, and why.
 */
export interface OrderDelayedV1Data {
  /**
   * The order whose progress is delayed.
   */
  orderId: string;
  /**
   * Why the order waits: the payment provider is unavailable, so the payment is held in the payment queue and will be charged when the provider is back.
   */
  reason: 'PAYMENT_PROVIDER_UNAVAILABLE';
}
