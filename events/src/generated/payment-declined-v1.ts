/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of PaymentDeclined v1 (source shop.payments).
 */
export interface PaymentDeclinedV1 {
  metadata: PaymentDeclinedV1Metadata;
  data: PaymentDeclinedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface PaymentDeclinedV1Metadata {
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
 * The order that was not charged and why.
 */
export interface PaymentDeclinedV1Data {
  /**
   * The order that was not charged.
   */
  orderId: string;
  /**
   * CARD_DECLINED: the provider refused the charge; ORDER_CANCELLED: the order was cancelled before it was charged, so payments did not try.
   */
  reason: 'CARD_DECLINED' | 'ORDER_CANCELLED';
}
