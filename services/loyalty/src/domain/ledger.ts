/**
 * What each event does to an order's entry in the ledger, decided here once for every store:
 * the outcome to report and the change to write. The events arrive in any order, so a shipment
 * or a cancellation that comes before its placement is written first, and the placement then
 * credits at once or earns nothing. A change is written only if the entry is still the one it
 * was decided on (the ledger's `apply`), so two events racing can never credit twice.
 */

/** An order's entry: placed (PENDING, then CREDITED), or settled before its placement came. */
export type OrderEntry =
  | { readonly status: 'PENDING' | 'CREDITED'; readonly customerId: string; readonly points: number }
  | { readonly status: 'SHIPPED' | 'CANCELLED' };

/** A change to write, each conditional on the entry it was decided on. */
export type LedgerChange =
  /** The order's first entry: written only if it has none. */
  | { readonly kind: 'create'; readonly entry: OrderEntry }
  /** The entry moves from `from` to CREDITED and the points go to the customer's balance, together. */
  | {
      readonly kind: 'credit';
      readonly from: 'PENDING' | 'SHIPPED';
      readonly customerId: string;
      readonly points: number;
    }
  /** A pending order's points are dropped. */
  | { readonly kind: 'cancel'; readonly from: 'PENDING' };

/** An outcome, and the change that makes it true (none when nothing changes). */
export interface Decision<O> {
  readonly outcome: O;
  readonly change?: LedgerChange;
}

export type PlacedOutcome = 'pending' | 'credited' | 'already-noted';
export type ShippedOutcome = 'credited' | 'awaiting-placement' | 'already-settled';
export type CancelledOutcome = 'cancelled' | 'already-settled';

/** Notes the points a placed order will earn, or credits them at once when its shipment came first. */
export function decidePlaced(
  entry: OrderEntry | undefined,
  order: { readonly customerId: string; readonly points: number },
): Decision<PlacedOutcome> {
  const { customerId, points } = order;
  if (entry === undefined)
    return { outcome: 'pending', change: { kind: 'create', entry: { status: 'PENDING', customerId, points } } };
  if (entry.status !== 'SHIPPED') return { outcome: 'already-noted' };
  return { outcome: 'credited', change: { kind: 'credit', from: 'SHIPPED', customerId, points } };
}

/** Credits a pending order's points, once; remembers a shipment that came first. */
export function decideShipped(entry: OrderEntry | undefined): Decision<ShippedOutcome> {
  if (entry === undefined)
    return { outcome: 'awaiting-placement', change: { kind: 'create', entry: { status: 'SHIPPED' } } };
  if (entry.status !== 'PENDING') return { outcome: 'already-settled' };
  const { customerId, points } = entry;
  return { outcome: 'credited', change: { kind: 'credit', from: 'PENDING', customerId, points } };
}

/** Drops a pending order's points; remembers a cancellation that came first. */
export function decideCancelled(entry: OrderEntry | undefined): Decision<CancelledOutcome> {
  if (entry === undefined) return { outcome: 'cancelled', change: { kind: 'create', entry: { status: 'CANCELLED' } } };
  if (entry.status !== 'PENDING') return { outcome: 'already-settled' };
  return { outcome: 'cancelled', change: { kind: 'cancel', from: 'PENDING' } };
}
