import type { EventDetail } from '@shop/events';
import { causedBy } from '@shop/shared/envelope';
import { type ChangeOrderDependencies, createChangeOrder, type OrderChangeResult } from './change-order.ts';
import { OrderNotFoundYetError } from './errors.ts';
import { applyFact, type OrderFact } from './order-lifecycle.ts';

/** The events orders follows, each with its use case: the `handlers` of the order-events queue. */
export interface FollowOrder {
  InventoryReserved(envelope: EventDetail<'InventoryReserved'>): Promise<OrderChangeResult>;
  InventoryReservationFailed(envelope: EventDetail<'InventoryReservationFailed'>): Promise<OrderChangeResult>;
  PaymentCaptured(envelope: EventDetail<'PaymentCaptured'>): Promise<OrderChangeResult>;
  PaymentDelayed(envelope: EventDetail<'PaymentDelayed'>): Promise<OrderChangeResult>;
  PaymentDeclined(envelope: EventDetail<'PaymentDeclined'>): Promise<OrderChangeResult>;
  FulfillmentFailed(envelope: EventDetail<'FulfillmentFailed'>): Promise<OrderChangeResult>;
  OrderShipped(envelope: EventDetail<'OrderShipped'>): Promise<OrderChangeResult>;
}

/**
 * Orders follows the other contexts (docs/architecture.md#the-order-flow, step 5): each event they publish about an order
 * becomes a fact for the status machine (order-lifecycle.ts), applied with createChangeOrder,
 * which stores the new status, the timeline entry and any OrderConfirmed / OrderDelayed / OrderCancelled in
 * one write. A fact's time is its event's `occurredAt`, so the timeline reads in the order
 * things happened. An event about an order not stored yet throws a retryable error: the order
 * may be written a moment later, and the message is retried rather than dropped.
 */
export function createFollowOrder(deps: ChangeOrderDependencies): FollowOrder {
  const changeOrder = createChangeOrder(deps);
  const follow = (
    envelope: { metadata: { eventId: string; correlationId: string }; data: { orderId: string } },
    fact: OrderFact,
  ) =>
    changeOrder({
      orderId: envelope.data.orderId,
      decide: (order) => applyFact(order, fact),
      cause: () => causedBy(envelope),
      whenMissing: () => new OrderNotFoundYetError(envelope.data.orderId, fact.event),
    });
  return {
    InventoryReserved: (envelope) => follow(envelope, { event: 'InventoryReserved', at: envelope.metadata.occurredAt }),
    InventoryReservationFailed: (envelope) =>
      follow(envelope, {
        event: 'InventoryReservationFailed',
        at: envelope.metadata.occurredAt,
        reason: envelope.data.reason,
      }),
    PaymentCaptured: (envelope) => follow(envelope, { event: 'PaymentCaptured', at: envelope.metadata.occurredAt }),
    PaymentDelayed: (envelope) =>
      follow(envelope, { event: 'PaymentDelayed', at: envelope.metadata.occurredAt, reason: envelope.data.reason }),
    PaymentDeclined: (envelope) =>
      follow(envelope, { event: 'PaymentDeclined', at: envelope.metadata.occurredAt, reason: envelope.data.reason }),
    FulfillmentFailed: (envelope) =>
      follow(envelope, { event: 'FulfillmentFailed', at: envelope.metadata.occurredAt, reason: envelope.data.reason }),
    OrderShipped: (envelope) => follow(envelope, { event: 'OrderShipped', at: envelope.metadata.occurredAt }),
  };
}
