import type { LedgerChange, OrderEntry } from './ledger.ts';

/**
 * Loyalty points: one point per whole unit of an order's total (per euro), earned when the order
 * is placed and credited to the customer once it ships; a cancelled order earns nothing. Built
 * only from events other services already publish: OrderPlaced carries the customer and the
 * total, OrderShipped and OrderCancelled settle it.
 *
 * The events reach loyalty through a standard queue, in any order: a shipment or a cancellation
 * can arrive before the placement it settles. The ledger remembers such an early settlement
 * (`ledger.ts` decides what each event does), so no event waits for another to be retried.
 */
export interface LoyaltyLedger {
  /** The order's entry, as last written (a strongly consistent read). */
  read(orderId: string): Promise<OrderEntry | undefined>;
  /**
   * Writes `change` if the order's entry is still the one it was decided on (no entry, for a
   * `create`; the status `from`, otherwise). False when another write came first: read and
   * decide again.
   */
  apply(orderId: string, change: LedgerChange, at: string): Promise<boolean>;
  balanceOf(customerId: string): Promise<number>;
}
