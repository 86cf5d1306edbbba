/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of FulfillmentFailed v1 (source shop.fulfillment).
 */
export interface FulfillmentFailedV1 {
  metadata: FulfillmentFailedV1Metadata;
  data: FulfillmentFailedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface FulfillmentFailedV1Metadata {
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
 * Which fulfillment step failed for the order, and why; everything done before it has been undone.
 */
export interface FulfillmentFailedV1Data {
  /**
   * The order that will not be shipped.
   */
  orderId: string;
  /**
   * The saga step that failed: ALLOCATE_STOCK (warehouse pick allocation), BOOK_CARRIER (carrier pickup booking) or CREATE_LABEL (shipping label).
   */
  failedStep: 'ALLOCATE_STOCK' | 'BOOK_CARRIER' | 'CREATE_LABEL';
  /**
   * ORDER_CANCELLED: the order was cancelled while it was being fulfilled; STEP_FAILED: the step kept failing after its retries; STEP_TIMED_OUT: the step kept timing out after its retries.
   */
  reason: 'ORDER_CANCELLED' | 'STEP_FAILED' | 'STEP_TIMED_OUT';
}
