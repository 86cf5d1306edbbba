/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of InventoryReserved v2 (source shop.inventory).
 */
export interface InventoryReservedV2 {
  metadata: InventoryReservedV2Metadata;
  data: InventoryReservedV2Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface InventoryReservedV2Metadata {
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
  version: 2;
  /**
   * When the fact happened (RFC 3339, UTC), not when it was published.
   */
  occurredAt: string;
}
/**
 * The order whose stock is held, its customer, the reservation that holds it, and the total payments will capture.
 */
export interface InventoryReservedV2Data {
  /**
   * The order the stock is reserved for.
   */
  orderId: string;
  /**
   * The customer who placed the order (an opaque id, copied from OrderPlaced): whose card payments charges.
   */
  customerId: string;
  /**
   * The reservation to release or consume later.
   */
  reservationId: string;
  /**
   * The order total, copied from OrderPlaced so payments needs no second read.
   */
  total: {
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
