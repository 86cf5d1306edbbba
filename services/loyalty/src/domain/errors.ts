/** An order the ledger has not heard of yet: its OrderPlaced may arrive later, so retry. */
export class OrderNotNotedYetError extends Error {
  override readonly name = 'OrderNotNotedYetError';
  constructor(readonly orderId: string) {
    super(`Loyalty has not noted order ${orderId} yet; it will be retried`);
  }
}
