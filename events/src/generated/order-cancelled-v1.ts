/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of OrderCancelled v1 (source shop.orders).
 */
export interface OrderCancelledV1 {
  metadata: OrderCancelledV1Metadata;
  data: OrderCancelledV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface OrderCancelledV1Metadata {
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
 * Which order is cancelled, why, and how far it had come.
 */
export interface OrderCancelledV1Data {
  /**
   * The cancelled order.
   */
  orderId: string;
  /**
   * Why the order is cancelled: the stock could not be reserved (OUT_OF_STOCK, UNKNOWN_SKU), the payment was declined, fulfillment failed, or the customer asked.
   */
  reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'PAYMENT_DECLINED' | 'FULFILLMENT_FAILED' | 'CUSTOMER_REQUEST';
  /**
   * The order's status just before it was cancelled (an order that has shipped cannot be cancelled).
   */
  previousStatus: 'PLACED' | 'RESERVED' | 'PAID' | 'DELAYED';
}
