/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of PaymentCaptured v1 (source shop.payments).
 */
export interface PaymentCapturedV1 {
  metadata: PaymentCapturedV1Metadata;
  data: PaymentCapturedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface PaymentCapturedV1Metadata {
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
 * The order whose total was charged, the payment that holds the money, and the amount charged.
 */
export interface PaymentCapturedV1Data {
  /**
   * The order that was paid.
   */
  orderId: string;
  /**
   * The provider's id of the charge: what a refund refers to.
   */
  paymentId: string;
  /**
   * What was charged: the total InventoryReserved carried.
   */
  amount: {
    /**
     * Minor units of the currency (23751 EUR is 237.51 EUR).
     */
    amount: number;
    /**
     * ISO 4217 alphabetic code.
     */
    currency: string;
  };
}
