import type { EventName } from '@shop/events';
import { createEvent, type EventCause, type OutgoingEvent } from '@shop/shared/envelope';
import type { EventPublisher } from '@shop/shared/publisher';
import { ConcurrentOrderUpdateError } from './errors.ts';
import type { Order, OrderStatus } from './order.ts';
import type { OrderAnnouncement, OrderTransition } from './order-lifecycle.ts';
import { publishStoredEvents } from './outbox.ts';
import type { Clock, DiagnosticLog, OrderMetrics, OrderRepository } from './ports.ts';

export interface ChangeOrderDependencies {
  orders: OrderRepository;
  publisher: EventPublisher;
  clock: Clock;
  log: DiagnosticLog;
  /** Told of each saved change (orders shipped, cancelled); none by default. */
  metrics?: OrderMetrics;
  /** How often to read and decide again when another writer got there first. */
  maxAttempts?: number;
}

/** One change of one order: what to decide, and why (the cause of the events it announces). */
export interface OrderChange {
  orderId: string;
  decide: (order: Order) => OrderTransition;
  /** Correlation and causation of the announced events; may depend on the order (its correlation id). */
  cause: (order: Order) => Pick<EventCause, 'correlationId' | 'causationId'>;
  /** The error to throw when the order is not stored. */
  whenMissing: () => Error;
}

/** What a change came to; Powertools stores it as the result of an idempotent event handling. */
export interface OrderChangeResult {
  orderId: string;
  status: OrderStatus;
  outcome: OrderTransition['outcome'];
  /** The events the change announced (stored in the outbox, published unless the bus failed). */
  announced: EventName[];
}

const DEFAULT_MAX_ATTEMPTS = 5;

/** The outgoing event of an announcement, keyed `<EventName>:<orderId>`: one per order and event type. */
function toEvent(order: Order, announcement: OrderAnnouncement, cause: OrderChange['cause'], now: Date): OutgoingEvent {
  const { orderId } = order;
  const why = { idempotencyKey: `${announcement.name}:${orderId}`, ...cause(order) };
  switch (announcement.name) {
    case 'OrderConfirmed':
      return createEvent('OrderConfirmed', { orderId, total: order.total }, why, now);
    case 'OrderDelayed':
      return createEvent('OrderDelayed', { orderId, reason: announcement.reason }, why, now);
    case 'OrderCancelled':
      return createEvent(
        'OrderCancelled',
        { orderId, reason: announcement.reason, previousStatus: announcement.previousStatus },
        why,
        now,
      );
  }
}

/**
 * Read, decide, save, announce: the one way an existing order changes.
 *
 * The save is a single conditional write of the new state *and* its events into the order's
 * outbox, based on the revision that was read (optimistic locking), so a concurrent change
 * (another event, the customer's cancel) can never be lost or applied on a stale status: the
 * loser reads again and decides again. After the save the events are published and cleared;
 * if that fails they stay in the outbox for the relay.
 */
export function createChangeOrder(deps: ChangeOrderDependencies): (change: OrderChange) => Promise<OrderChangeResult> {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  return async ({ orderId, decide, cause, whenMissing }) => {
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const stored = await deps.orders.findForUpdate(orderId);
      if (stored === undefined) {
        throw whenMissing();
      }
      const transition = decide(stored.order);
      const result: OrderChangeResult = {
        orderId,
        status: transition.order.status,
        outcome: transition.outcome,
        announced: transition.announcements.map(({ name }) => name),
      };
      if (transition.outcome === 'DUPLICATE') {
        return result;
      }
      const now = deps.clock();
      const events = transition.announcements.map((announcement) =>
        toEvent(transition.order, announcement, cause, now),
      );
      if ((await deps.orders.saveWithPendingEvents(transition.order, stored.revision, events)) === 'SAVED') {
        if (transition.warning !== undefined) {
          deps.log.warn(transition.warning, { orderId, status: transition.order.status });
        }
        deps.metrics?.changed(stored.order, transition.order);
        await publishStoredEvents(deps, orderId, events);
        return result;
      }
    }
    throw new ConcurrentOrderUpdateError(orderId, maxAttempts);
  };
}
