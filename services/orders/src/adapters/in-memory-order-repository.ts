import type { OutgoingEvent } from '@shop/shared/envelope';
import { ConflictError } from '@shop/shared/errors';
import type { Order } from '../domain/order.ts';
import type { OrderRepository, PendingEvent } from '../domain/ports.ts';

interface StoredOrder {
  order: Order;
  pending?: OutgoingEvent;
}

/**
 * An OrderRepository in memory with the semantics of the DynamoDB one (conditional create,
 * conditional clear, copies in and out as a table would), for use-case and handler tests.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly #items = new Map<string, StoredOrder>();

  async addWithPendingEvent(order: Order, event: OutgoingEvent): Promise<void> {
    if (this.#items.has(order.orderId)) {
      throw new ConflictError(`Order ${order.orderId} already exists`);
    }
    this.#items.set(order.orderId, { order: structuredClone(order), pending: structuredClone(event) });
  }

  async clearPendingEvent(orderId: string, eventId: string): Promise<void> {
    const stored = this.#items.get(orderId);
    if (stored?.pending?.detail.metadata.eventId === eventId) {
      delete stored.pending;
    }
  }

  async findById(orderId: string): Promise<Order | undefined> {
    const stored = this.#items.get(orderId);
    return stored === undefined ? undefined : structuredClone(stored.order);
  }

  async *listPendingEvents(placedAtOrBefore: string): AsyncIterable<PendingEvent> {
    const due = [...this.#items.values()]
      .filter((stored) => stored.pending !== undefined && stored.order.placedAt <= placedAtOrBefore)
      .sort((a, b) => a.order.placedAt.localeCompare(b.order.placedAt));
    for (const { order, pending } of due) {
      if (pending !== undefined) {
        yield { orderId: order.orderId, event: structuredClone(pending) };
      }
    }
  }

  /** The pending event of an order, for assertions. */
  pendingEventOf(orderId: string): OutgoingEvent | undefined {
    return this.#items.get(orderId)?.pending;
  }

  /** How many orders are stored, for assertions. */
  count(): number {
    return this.#items.size;
  }
}
