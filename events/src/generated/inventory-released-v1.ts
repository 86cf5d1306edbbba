/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of InventoryReleased v1 (source shop.inventory).
 */
export interface InventoryReleasedV1 {
  metadata: InventoryReleasedV1Metadata;
  data: InventoryReleasedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface InventoryReleasedV1Metadata {
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
 * The order whose reservation was released, and which reservation.
 */
export interface InventoryReleasedV1Data {
  /**
   * The cancelled order whose stock is available again.
   */
  orderId: string;
  /**
   * The reservation that was released (the one InventoryReserved announced).
   */
  reservationId: string;
}
