/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of InventoryReservationFailed v1 (source shop.inventory).
 */
export interface InventoryReservationFailedV1 {
  metadata: InventoryReservationFailedV1Metadata;
  data: InventoryReservationFailedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface InventoryReservationFailedV1Metadata {
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
 * Why no stock was reserved for the order, and for which SKUs.
 */
export interface InventoryReservationFailedV1Data {
  /**
   * The order that could not be reserved.
   */
  orderId: string;
  /**
   * OUT_OF_STOCK: not enough units; UNKNOWN_SKU: the shop does not sell the SKU.
   */
  reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU';
  /**
   * The SKUs that could not be reserved.
   *
   * @minItems 1
   */
  skus: string[];
}
