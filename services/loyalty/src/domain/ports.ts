/**
 * Loyalty points: one point per whole unit of an order's total (per euro), earned when the order
 * is placed and credited to the customer once it ships; a cancelled order earns nothing. Built
 * only from events other services already publish: OrderPlaced carries the customer and the
 * total, OrderShipped and OrderCancelled settle it.
 *
 * The events reach loyalty through a standard queue, in any order: a shipment or a cancellation
 * can arrive before the placement it settles. The ledger remembers such an early settlement and
 * applies it when the placement arrives, so no event waits for another to be retried.
 */
export interface LoyaltyLedger {
  /**
   * Notes the points a placed order will earn, or credits them at once when its shipment arrived
   * first; a cancelled order earns nothing. A second note of the same order changes nothing.
   */
  notePlaced(
    order: { orderId: string; customerId: string; points: number },
    at: string,
  ): Promise<'pending' | 'credited' | 'already-noted'>;
  /** Credits a pending order's points to its customer, once; remembers a shipment that came first. */
  noteShipped(orderId: string, at: string): Promise<'credited' | 'awaiting-placement' | 'already-settled'>;
  /** Drops a pending order's points; remembers a cancellation that came first. */
  noteCancelled(orderId: string, at: string): Promise<'cancelled' | 'already-settled'>;
  balanceOf(customerId: string): Promise<number>;
}
