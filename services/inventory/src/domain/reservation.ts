import type { OutgoingEvent } from '@shop/shared/envelope';

export interface ReservationLine {
  sku: string;
  quantity: number;
}

/** Why stock could not be reserved, as `InventoryReservationFailed` tells it. */
export type ShortfallReason = 'OUT_OF_STOCK' | 'UNKNOWN_SKU';

export interface Shortfall {
  reason: ShortfallReason;
  /** The SKUs that could not be reserved, in the order's line order. */
  skus: string[];
}

/**
 * What inventory decided for an order, and what became of it:
 * - RESERVED: every line is held (`reservationId`); FAILED: nothing could be held (`shortfall`);
 * - RELEASED: it was RESERVED and the stock went back when the order was cancelled;
 * - CANCELLED: the order was cancelled before inventory decided anything. Nothing is held, and
 *   this record stops a late (out-of-order) OrderPlaced from reserving for a cancelled order.
 */
export type ReservationStatus = 'RESERVED' | 'FAILED' | 'RELEASED' | 'CANCELLED';

/**
 * The record of what inventory decided for one order: one per order, created once, then only
 * moved from RESERVED to RELEASED.
 *
 * It keeps the events that announced each decision, so that a redelivered `OrderPlaced` or
 * `OrderCancelled` (after a publish failed, or after the idempotency record expired)
 * re-announces the identical event — same eventId, same idempotency key — instead of deciding
 * again or staying silent.
 */
export interface Reservation {
  orderId: string;
  status: ReservationStatus;
  /** The lines held (RESERVED, RELEASED) or asked for (FAILED); empty on a CANCELLED record. */
  lines: ReservationLine[];
  createdAt: string;
  /** Set when status is RESERVED or RELEASED: the id payments and fulfillment refer to. */
  reservationId?: string;
  /** Set when status is FAILED. */
  shortfall?: Shortfall;
  /** InventoryReserved or InventoryReservationFailed; absent on a CANCELLED record (nothing was decided). */
  outcomeEvent?: OutgoingEvent;
  /** Set when status is RELEASED. */
  releasedAt?: string;
  /** InventoryReleased, set when status is RELEASED. */
  releaseEvent?: OutgoingEvent;
}

/**
 * Decides which lines cannot be served from `availableBySku` (the SKUs that exist, with their
 * available stock). Unknown SKUs win over short ones: an order naming a SKU the shop does not
 * sell is wrong whatever the stock, so that is the reason reported, with the unknown SKUs.
 * Returns undefined when every line could be served.
 */
export function findShortfall(
  lines: readonly ReservationLine[],
  availableBySku: ReadonlyMap<string, number>,
): Shortfall | undefined {
  const unknown = lines.filter(({ sku }) => !availableBySku.has(sku)).map(({ sku }) => sku);
  if (unknown.length > 0) {
    return { reason: 'UNKNOWN_SKU', skus: unknown };
  }
  const short = lines.filter(({ sku, quantity }) => (availableBySku.get(sku) ?? 0) < quantity).map(({ sku }) => sku);
  return short.length > 0 ? { reason: 'OUT_OF_STOCK', skus: short } : undefined;
}

/**
 * One line per SKU, quantities summed. A DynamoDB transaction may not touch one item twice
 * (it is rejected as a ValidationException), and the read interface's schema does not forbid
 * repeated SKUs, so they are merged here rather than trusted away. First-seen order is kept.
 */
export function mergeLinesBySku(lines: readonly ReservationLine[]): ReservationLine[] {
  const merged = new Map<string, number>();
  for (const { sku, quantity } of lines) {
    merged.set(sku, (merged.get(sku) ?? 0) + quantity);
  }
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}
