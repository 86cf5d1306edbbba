/**
 * Loyalty points: one point per whole unit of an order's total (per euro), earned when the order
 * is placed and credited to the customer once it ships; a cancelled order earns nothing. Built
 * only from events other services already publish: OrderPlaced carries the customer and the
 * total, OrderShipped and OrderCancelled settle it.
 */
export interface LoyaltyLedger {
  /** Notes the points an order will earn; a second note of the same order changes nothing. */
  notePending(order: { orderId: string; customerId: string; points: number }, at: string): Promise<void>;
  /** Credits a pending order's points to its customer, once. */
  credit(orderId: string, at: string): Promise<'credited' | 'already-settled' | 'unknown-order'>;
  /** Drops a pending order's points. */
  cancel(orderId: string, at: string): Promise<'cancelled' | 'already-settled' | 'unknown-order'>;
  balanceOf(customerId: string): Promise<number>;
}
