import type { Currency, Money } from './money.ts';

/**
 * Where an order is in its life. Only PLACED is produced today; the others are the statuses the
 * order flow (DESIGN §3) moves an order through as orders follows the other contexts, and the
 * ones the orders read interface (events/interfaces/orders-read/v1) may disclose.
 */
export type OrderStatus = 'PLACED' | 'RESERVED' | 'PAID' | 'SHIPPED' | 'CANCELLED' | 'DELAYED';

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

/** One step of the order's history; `reason` explains a status a customer would ask about. */
export interface TimelineEntry {
  status: OrderStatus;
  at: string;
  reason?: string;
}

/** The order aggregate as the orders context owns it. */
export interface Order {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  lines: OrderLine[];
  total: Money;
  /** ISO 8601 UTC, `Date#toISOString()` form, so that string order is time order. */
  placedAt: string;
  timeline: TimelineEntry[];
}

export interface NewOrder {
  orderId: string;
  customerId: string;
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
    status: 'PLACED',
    lines,
    total: totalOf(lines, input.currency),
    placedAt,
    timeline: [{ status: 'PLACED', at: placedAt }],
  };
}

/** Sums the lines in minor units; exact because every amount is an integer. */
export function totalOf(lines: readonly OrderLine[], currency: Currency): Money {
  return { amount: lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0), currency };
}
