import type { Currency, Money } from './money.ts';

/**
 * Where an order is in its life (docs/architecture.md#the-order-flow): PLACED → RESERVED → PAID → SHIPPED, or CANCELLED
 * with a reason. DELAYED (between RESERVED and PAID) means the payment waits out a payment
 * provider outage; the order is safe and moves on to PAID once the provider is back.
 * `order-lifecycle.ts` owns the moves between them.
 */
export type OrderStatus = 'PLACED' | 'RESERVED' | 'PAID' | 'SHIPPED' | 'CANCELLED' | 'DELAYED';

/** Why an order was cancelled, as `OrderCancelled` tells it. */
export type CancellationReason =
  | 'OUT_OF_STOCK'
  | 'UNKNOWN_SKU'
  | 'PAYMENT_DECLINED'
  | 'FULFILLMENT_FAILED'
  | 'CUSTOMER_REQUEST';

/**
 * How to reach the customer about this order. Personal data: stored with the order, disclosed
 * only by the read interface's GetOrderSummary (for notifications), never put on the bus.
 */
export interface Contact {
  email: string;
  name?: string;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

/**
 * One step of the order's history: the status an event stands for, when it happened and which
 * event recorded it. `reason` explains a cancellation. An entry may name a status the order did
 * not take (an event that arrived after a later step is recorded, not applied).
 */
export interface TimelineEntry {
  status: OrderStatus;
  /** ISO 8601 UTC: when the fact happened (the event's `occurredAt`), not when it was processed. */
  at: string;
  reason?: string;
  /** The event that recorded the step (`OrderPlaced`, `InventoryReserved`, ...). */
  event: string;
}

/** The order aggregate as the orders context owns it. */
export interface Order {
  orderId: string;
  customerId: string;
  contact: Contact;
  /** The flow's id, from OrderPlaced: events orders emits of its own accord (a customer cancel) carry it. */
  correlationId: string;
  status: OrderStatus;
  /** Set when the order is CANCELLED: the reason that cancelled it (later reports are in the timeline). */
  cancelReason?: CancellationReason;
  lines: OrderLine[];
  total: Money;
  /** ISO 8601 UTC, `Date#toISOString()` form, so that string order is time order. */
  placedAt: string;
  timeline: TimelineEntry[];
}

export interface NewOrder {
  orderId: string;
  customerId: string;
  contact: Contact;
  correlationId: string;
  currency: Currency;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
  placedAt: Date;
  priceOf: (sku: string, currency: Currency) => Money;
}

/** Creates an order in status PLACED, priced line by line, with its first timeline entry. */
export function placeNewOrder(input: NewOrder): Order {
  const lines = input.lines.map(({ sku, quantity }) => ({
    sku,
    quantity,
    unitPrice: input.priceOf(sku, input.currency),
  }));
  const placedAt = input.placedAt.toISOString();
  return {
    orderId: input.orderId,
    customerId: input.customerId,
    contact: { ...input.contact },
    correlationId: input.correlationId,
    status: 'PLACED',
    lines,
    total: totalOf(lines, input.currency),
    placedAt,
    timeline: [{ status: 'PLACED', at: placedAt, event: 'OrderPlaced' }],
  };
}

/** Sums the lines in minor units; exact because every amount is an integer. */
export function totalOf(lines: readonly OrderLine[], currency: Currency): Money {
  return { amount: lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0), currency };
}
