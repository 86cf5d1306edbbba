import type { OutgoingEvent } from '@shop/shared/envelope';
import { ConflictError } from '@shop/shared/errors';
import type { Order } from '../domain/order.ts';
import type { OrderRepository, PendingEvent, SaveOutcome, StoredOrder } from '../domain/ports.ts';

interface StoredItem {
  order: Order;
  revision: number;
  outbox: OutgoingEvent[];
}

/**
 * An OrderRepository in memory with the semantics of the DynamoDB one (conditional create,
 * revision-checked saves, an outbox per order, copies in and out as a table would), for use-case
 * and handler tests.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly #items = new Map<string, StoredItem>();
  /** Runs before each save is checked, so a test can slip in a concurrent change. */
  beforeSave: (() => Promise<void>) | undefined;

  async addWithPendingEvent(order: Order, event: OutgoingEvent): Promise<void> {
    if (this.#items.has(order.orderId)) {
      throw new ConflictError(`Order ${order.orderId} already exists`);
    }
    this.#items.set(order.orderId, { order: structuredClone(order), revision: 1, outbox: [structuredClone(event)] });
  }

  async saveWithPendingEvents(
    order: Order,
    expectedRevision: number,
    events: readonly OutgoingEvent[],
  ): Promise<SaveOutcome> {
    const hook = this.beforeSave;
    this.beforeSave = undefined;
    await hook?.();
    const stored = this.#items.get(order.orderId);
    if (stored === undefined || stored.revision !== expectedRevision) {
      return 'STALE';
    }
    stored.order = structuredClone(order);
    stored.revision += 1;
    stored.outbox.push(...structuredClone(events));
    return 'SAVED';
  }

  async clearPendingEvent(orderId: string, eventId: string): Promise<void> {
    const stored = this.#items.get(orderId);
    if (stored === undefined) return;
    const remaining = stored.outbox.filter((event) => event.detail.metadata.eventId !== eventId);
    if (remaining.length !== stored.outbox.length) {
      stored.outbox = remaining;
      stored.revision += 1;
    }
  }

  async findById(orderId: string): Promise<Order | undefined> {
    const stored = this.#items.get(orderId);
    return stored === undefined ? undefined : structuredClone(stored.order);
  }

  async findForUpdate(orderId: string): Promise<StoredOrder | undefined> {
    const stored = this.#items.get(orderId);
    return stored === undefined ? undefined : { order: structuredClone(stored.order), revision: stored.revision };
  }

  async *listPendingEvents(storedAtOrBefore: string): AsyncIterable<PendingEvent> {
    const due = [...this.#items.values()]
      .filter(({ outbox }) => outbox[0] !== undefined && outbox[0].detail.metadata.occurredAt <= storedAtOrBefore)
      .sort((a, b) =>
        (a.outbox[0]?.detail.metadata.occurredAt ?? '').localeCompare(b.outbox[0]?.detail.metadata.occurredAt ?? ''),
      );
    for (const { order, outbox } of due) {
      for (const event of outbox) {
        if (event.detail.metadata.occurredAt > storedAtOrBefore) break;
        yield { orderId: order.orderId, event: structuredClone(event) };
      }
    }
  }

  /** The oldest pending event of an order, for assertions. */
  pendingEventOf(orderId: string): OutgoingEvent | undefined {
    return this.#items.get(orderId)?.outbox[0];
  }

  /** Every pending event of an order, oldest first, for assertions. */
  pendingEventsOf(orderId: string): readonly OutgoingEvent[] {
    return this.#items.get(orderId)?.outbox ?? [];
  }

  /** How many orders are stored, for assertions. */
  count(): number {
    return this.#items.size;
  }
}
