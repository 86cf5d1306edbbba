/*
 * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.
 * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).
 */
/**
 * The EventBridge detail of OrderShipped v1 (source shop.fulfillment).
 */
export interface OrderShippedV1 {
  metadata: OrderShippedV1Metadata;
  data: OrderShippedV1Data;
}
/**
 * The shop's envelope: identical in every event, so tracing, deduplication and replay work the same way everywhere.
 */
export interface OrderShippedV1Metadata {
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
 * The order that left the warehouse, and how the customer can follow it.
 */
export interface OrderShippedV1Data {
  /**
   * The order that shipped.
   */
  orderId: string;
  /**
   * Fulfillment's id of the shipment (one per order): the parcel the label was printed for.
   */
  shipmentId: string;
  /**
   * The carrier booked to deliver the parcel, as a code such as PARCELNET.
   */
  carrier: string;
  /**
   * The carrier's tracking number for the parcel: what the customer types into the carrier's tracking page.
   */
  trackingNumber: string;
  /**
   * The shipping label document, kept in Amazon S3 because a document does not belong in an event (a claim check): where it is, and the size and SHA-256 a reader checks it against. Fetch it with GetObject; the bucket grants read access to the services that need it. Absent on events published before labels were stored.
   */
  label?: {
    /**
     * The S3 bucket that holds the label (fulfillment's documents bucket).
     */
    bucket: string;
    /**
     * The label's S3 object key.
     */
    key: string;
    /**
     * The label's media type, such as image/svg+xml.
     */
    contentType: string;
    /**
     * The label's size in bytes.
     */
    bytes: number;
    /**
     * The SHA-256 of the label's bytes, in lower-case hex: a reader checks the object it fetched is the one meant.
     */
    sha256: string;
  };
}
