import type { OutgoingEvent } from '@shop/shared/envelope';
import type { Order } from './order.ts';

/** An event stored with its order, waiting to reach the bus (the transactional outbox). */
export interface PendingEvent {
  orderId: string;
  event: OutgoingEvent;
}

/**
 * Where orders live. The write that creates an order also stores its first event, so the two
 * cannot diverge (DESIGN §3.1): either both are stored or neither is.
 */
export interface OrderRepository {
  /**
   * Stores a new order together with its pending event in one atomic write.
   * @throws ConflictError when an order with this id already exists.
   */
  addWithPendingEvent(order: Order, event: OutgoingEvent): Promise<void>;
  /**
   * Marks the pending event as published. Does nothing when the order's pending event is another
   * one or was already cleared (a relay and a handler may race to clear it; both are right).
   */
  clearPendingEvent(orderId: string, eventId: string): Promise<void>;
  findById(orderId: string): Promise<Order | undefined>;
  /** Pending events of orders placed at or before `placedAtOrBefore`, oldest first. */
  listPendingEvents(placedAtOrBefore: string): AsyncIterable<PendingEvent>;
}

/** The clock, injected so tests decide what time it is. */
export type Clock = () => Date;

/** Where a use case reports something operators should see but the caller should not. */
export interface DiagnosticLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}
