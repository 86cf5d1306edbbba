import type { LoyaltyLedger } from '../domain/ports.ts';

/** The ledger in memory, for use-case tests. */
export class InMemoryLoyaltyLedger implements LoyaltyLedger {
  readonly orders = new Map<
    string,
    { customerId: string; points: number; status: 'PENDING' | 'CREDITED' | 'CANCELLED' }
  >();
  readonly balances = new Map<string, number>();

  async notePending(order: { orderId: string; customerId: string; points: number }): Promise<void> {
    if (!this.orders.has(order.orderId)) this.orders.set(order.orderId, { ...order, status: 'PENDING' });
  }

  async credit(orderId: string): Promise<'credited' | 'already-settled' | 'unknown-order'> {
    const order = this.orders.get(orderId);
    if (!order) return 'unknown-order';
    if (order.status !== 'PENDING') return 'already-settled';
    order.status = 'CREDITED';
    this.balances.set(order.customerId, (this.balances.get(order.customerId) ?? 0) + order.points);
    return 'credited';
  }

  async cancel(orderId: string): Promise<'cancelled' | 'already-settled' | 'unknown-order'> {
    const order = this.orders.get(orderId);
    if (!order) return 'unknown-order';
    if (order.status !== 'PENDING') return 'already-settled';
    order.status = 'CANCELLED';
    return 'cancelled';
  }

  async balanceOf(customerId: string): Promise<number> {
    return this.balances.get(customerId) ?? 0;
  }
}
