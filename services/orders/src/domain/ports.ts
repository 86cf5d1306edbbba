import type { OutgoingEvent } from '@shop/shared/envelope';
import type { Order } from './order.ts';

/**
 * The business facts orders counts (CloudWatch metrics on AWS, through Powertools): orders
 * placed, shipped (with their lead time) and cancelled (by reason). Told once per change that
 * was saved, never for a duplicate.
 */
export interface OrderMetrics {
  placed(order: Order): void;
  changed(before: Order, after: Order): void;
}

/** An event stored with its order, waiting to reach the bus (the transactional outbox). */
export interface PendingEvent {
  orderId: string;
  event: OutgoingEvent;
}

/**
 * An order as last written, with the revision a change must be based on (optimistic locking):
 * two writers that read the same revision cannot both save.
 */
export interface StoredOrder {
  order: Order;
  revision: number;
}

/** What saving a change came to. */
export type SaveOutcome =
  /** The change and its events are stored. */
  | 'SAVED'
  /** Someone else changed the order since it was read: nothing was written; read and decide again. */
  | 'STALE';

/**
 * Where orders live, each with its outbox: the events the order has to publish are stored in the
 * same write as the change that causes them, so the two cannot diverge (docs/architecture.md#the-outbox). They are
 * published after the write and cleared one by one; whatever a crash or a failed publish leaves
 * behind, the relay publishes once it is older than its grace period.
 */
export interface OrderRepository {
  /**
   * Stores a new order together with its pending event in one atomic write.
   * @throws ConflictError when an order with this id already exists.
   */
  addWithPendingEvent(order: Order, event: OutgoingEvent): Promise<void>;
  /**
   * Replaces the order's state and appends `events` to its outbox in one atomic write, only if
   * the order is still at `expectedRevision`.
   */
  saveWithPendingEvents(order: Order, expectedRevision: number, events: readonly OutgoingEvent[]): Promise<SaveOutcome>;
  /**
   * Marks one pending event as published. Does nothing when the order has no such pending event
   * (a relay and a handler may race to clear it; both are right).
   */
  clearPendingEvent(orderId: string, eventId: string): Promise<void>;
  findById(orderId: string): Promise<Order | undefined>;
  /** The order with its revision, read strongly consistent, for a change. */
  findForUpdate(orderId: string): Promise<StoredOrder | undefined>;
  /**
   * Pending events stored at or before `storedAtOrBefore` (their own `occurredAt`), oldest order
   * first and, within an order, in the order they were stored.
   */
  listPendingEvents(storedAtOrBefore: string): AsyncIterable<PendingEvent>;
}

/** The clock, injected so tests decide what time it is. */
export type Clock = () => Date;

/** Where a use case reports something operators should see but the caller should not. */
export interface DiagnosticLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}
