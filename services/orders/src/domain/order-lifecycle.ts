/**
 * The order's status machine (docs/architecture.md#the-order-flow, step 5): how what the other contexts report, and what
 * the customer asks, moves an order. Pure: it decides, the use cases store and announce.
 *
 * Two rules make it safe under at-least-once, out-of-order delivery (docs/architecture.md#consumers):
 * - **Monotonic.** Progress only goes forward (PLACED → RESERVED → DELAYED → PAID → SHIPPED) and CANCELLED
 *   is final: an event about an earlier stage arriving after a later one is recorded in the
 *   timeline and changes nothing, and no event moves a SHIPPED order to CANCELLED.
 * - **Once per event type.** Each event type speaks about an order once (its idempotency key is
 *   `<EventName>:<orderId>`), so a second delivery of a recorded event type is a duplicate and
 *   changes nothing, even when the idempotency layer has forgotten it.
 */
import { ConflictError } from '@shop/shared/errors';
import type { CancellationReason, Order, OrderStatus, TimelineEntry } from './order.ts';

/** What another context reported about an order, as orders needs it (see follow-order.ts). */
export type OrderFact =
  | { readonly event: 'InventoryReserved'; readonly at: string }
  | {
      readonly event: 'InventoryReservationFailed';
      readonly at: string;
      readonly reason: 'OUT_OF_STOCK' | 'UNKNOWN_SKU';
    }
  | { readonly event: 'PaymentCaptured'; readonly at: string }
  | { readonly event: 'PaymentDelayed'; readonly at: string; readonly reason: 'PROVIDER_UNAVAILABLE' }
  | { readonly event: 'PaymentDeclined'; readonly at: string; readonly reason: 'CARD_DECLINED' | 'ORDER_CANCELLED' }
  | {
      readonly event: 'FulfillmentFailed';
      readonly at: string;
      readonly reason: 'ORDER_CANCELLED' | 'STEP_FAILED' | 'STEP_TIMED_OUT';
    }
  | { readonly event: 'OrderShipped'; readonly at: string };

/** Why an order is DELAYED, as `OrderDelayed` tells it. */
export type DelayReason = 'PAYMENT_PROVIDER_UNAVAILABLE';

/** The statuses an order can be cancelled from: every status before SHIPPED. */
export type CancellableStatus = Exclude<OrderStatus, 'SHIPPED' | 'CANCELLED'>;

/** An event orders has to publish because of a transition. */
export type OrderAnnouncement =
  | { readonly name: 'OrderConfirmed' }
  | { readonly name: 'OrderDelayed'; readonly reason: DelayReason }
  | {
      readonly name: 'OrderCancelled';
      readonly reason: CancellationReason;
      readonly previousStatus: CancellableStatus;
    };

/** What a fact or a request did to an order. */
export interface OrderTransition {
  /** The order afterwards (the same state when `outcome` is DUPLICATE). */
  readonly order: Order;
  /**
   * APPLIED: the status changed. RECORDED: the timeline gained an entry, the status stayed.
   * DUPLICATE: this event type was already recorded; nothing changed.
   */
  readonly outcome: 'APPLIED' | 'RECORDED' | 'DUPLICATE';
  readonly announcements: readonly OrderAnnouncement[];
  /** Something an operator should look at, such as a shipment of a cancelled order. */
  readonly warning?: string;
}

/** How far an order has come; CANCELLED is not on this scale (it is final, whatever the rank). */
const PROGRESS: Readonly<Record<Exclude<OrderStatus, 'CANCELLED'>, number>> = {
  PLACED: 0,
  RESERVED: 1,
  DELAYED: 2,
  PAID: 3,
  SHIPPED: 4,
};

type Effect =
  | { readonly kind: 'advance'; readonly to: 'RESERVED' | 'PAID' | 'SHIPPED' }
  | { readonly kind: 'cancel'; readonly reason: CancellationReason }
  /** The order waits, nothing is lost: DELAYED, and only an order still waiting for its payment. */
  | { readonly kind: 'delay'; readonly reason: DelayReason }
  /** Another context answering the OrderCancelled that orders published: nothing to decide. */
  | { readonly kind: 'acknowledgeCancellation' };

function effectOf(fact: OrderFact): Effect {
  switch (fact.event) {
    case 'InventoryReserved':
      return { kind: 'advance', to: 'RESERVED' };
    case 'InventoryReservationFailed':
      return { kind: 'cancel', reason: fact.reason };
    case 'PaymentCaptured':
      return { kind: 'advance', to: 'PAID' };
    case 'PaymentDelayed':
      return { kind: 'delay', reason: 'PAYMENT_PROVIDER_UNAVAILABLE' };
    case 'PaymentDeclined':
      return fact.reason === 'ORDER_CANCELLED'
        ? { kind: 'acknowledgeCancellation' }
        : { kind: 'cancel', reason: 'PAYMENT_DECLINED' };
    case 'FulfillmentFailed':
      return fact.reason === 'ORDER_CANCELLED'
        ? { kind: 'acknowledgeCancellation' }
        : { kind: 'cancel', reason: 'FULFILLMENT_FAILED' };
    case 'OrderShipped':
      return { kind: 'advance', to: 'SHIPPED' };
  }
}

function entryFor(fact: OrderFact, effect: Effect): TimelineEntry {
  switch (effect.kind) {
    case 'advance':
      return { status: effect.to, at: fact.at, event: fact.event };
    case 'cancel':
      return { status: 'CANCELLED', at: fact.at, reason: effect.reason, event: fact.event };
    case 'delay':
      return { status: 'DELAYED', at: fact.at, reason: effect.reason, event: fact.event };
    case 'acknowledgeCancellation':
      return { status: 'CANCELLED', at: fact.at, reason: 'ORDER_CANCELLED', event: fact.event };
  }
}

/**
 * Inserts `entry` after every entry that happened at or before it, so the timeline reads in the
 * order things happened even when their events arrived in another order. Compares instants, not
 * strings: producers may or may not write milliseconds.
 */
export function insertChronologically(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  const at = Date.parse(entry.at);
  let index = timeline.length;
  while (index > 0 && Date.parse(timeline[index - 1]?.at ?? '') > at) {
    index -= 1;
  }
  return [...timeline.slice(0, index), entry, ...timeline.slice(index)];
}

function isCancellable(status: OrderStatus): status is CancellableStatus {
  return status !== 'SHIPPED' && status !== 'CANCELLED';
}

/**
 * Applies what another context reported. See the table in the service README:
 * - InventoryReserved → RESERVED, PaymentCaptured → PAID + OrderConfirmed, OrderShipped → SHIPPED,
 *   each only forward, never out of CANCELLED;
 * - InventoryReservationFailed, PaymentDeclined(CARD_DECLINED), FulfillmentFailed → CANCELLED +
 *   OrderCancelled, unless the order is already SHIPPED or CANCELLED;
 * - PaymentDeclined / FulfillmentFailed with reason ORDER_CANCELLED answer orders' own
 *   cancellation and are only recorded;
 * - PaymentDelayed → DELAYED + OrderDelayed for an order still waiting for its payment (RESERVED,
 *   or PLACED when it overtook InventoryReserved); after PAID, SHIPPED or CANCELLED the wait is
 *   over or moot, so it is only recorded. A later PaymentCaptured moves DELAYED to PAID as usual.
 */
export function applyFact(order: Order, fact: OrderFact): OrderTransition {
  if (order.timeline.some((entry) => entry.event === fact.event)) {
    return { order, outcome: 'DUPLICATE', announcements: [] };
  }
  const effect = effectOf(fact);
  const recorded: Order = { ...order, timeline: insertChronologically(order.timeline, entryFor(fact, effect)) };
  const { status } = order;
  switch (effect.kind) {
    case 'advance': {
      if (status === 'CANCELLED') {
        return {
          order: recorded,
          outcome: 'RECORDED',
          announcements: [],
          ...(effect.to === 'SHIPPED'
            ? { warning: `Order ${order.orderId} shipped after it was cancelled: the parcel has to be recalled` }
            : {}),
        };
      }
      const next = PROGRESS[effect.to] > PROGRESS[status] ? effect.to : status;
      // Paid is paid: a payment whose event arrives after the shipment still confirms the order.
      const announcements: OrderAnnouncement[] = effect.to === 'PAID' ? [{ name: 'OrderConfirmed' }] : [];
      return {
        order: { ...recorded, status: next },
        outcome: next === status ? 'RECORDED' : 'APPLIED',
        announcements,
      };
    }
    case 'cancel':
      if (!isCancellable(status)) {
        return { order: recorded, outcome: 'RECORDED', announcements: [] };
      }
      return {
        order: { ...recorded, status: 'CANCELLED', cancelReason: effect.reason },
        outcome: 'APPLIED',
        announcements: [{ name: 'OrderCancelled', reason: effect.reason, previousStatus: status }],
      };
    case 'delay':
      // Only an order whose payment is still to come can wait for it: payments sends PaymentDelayed
      // only after InventoryReserved, so a PLACED order has merely not seen that event yet.
      if (status !== 'PLACED' && status !== 'RESERVED') {
        return { order: recorded, outcome: 'RECORDED', announcements: [] };
      }
      return {
        order: { ...recorded, status: 'DELAYED' },
        outcome: 'APPLIED',
        announcements: [{ name: 'OrderDelayed', reason: effect.reason }],
      };
    case 'acknowledgeCancellation':
      return { order: recorded, outcome: 'RECORDED', announcements: [] };
  }
}

/**
 * The customer's cancel (`POST /orders/{id}/cancel`): allowed until the order has shipped.
 * @throws ConflictError when the order has shipped, or is already cancelled (a repeated cancel
 * changes nothing and says so).
 */
export function cancelByCustomer(order: Order, at: Date): OrderTransition {
  const { status } = order;
  if (status === 'SHIPPED') {
    throw new ConflictError(`Order ${order.orderId} has shipped and can no longer be cancelled`);
  }
  if (status === 'CANCELLED') {
    const reason = order.cancelReason === undefined ? '' : ` (${order.cancelReason})`;
    throw new ConflictError(`Order ${order.orderId} is already cancelled${reason}`);
  }
  const entry: TimelineEntry = {
    status: 'CANCELLED',
    at: at.toISOString(),
    reason: 'CUSTOMER_REQUEST',
    event: 'OrderCancelled',
  };
  return {
    order: {
      ...order,
      status: 'CANCELLED',
      cancelReason: 'CUSTOMER_REQUEST',
      timeline: insertChronologically(order.timeline, entry),
    },
    outcome: 'APPLIED',
    announcements: [{ name: 'OrderCancelled', reason: 'CUSTOMER_REQUEST', previousStatus: status }],
  };
}
