import type { LoyaltyLedger } from '../domain/ports.ts';

type OrderEntry =
  | { status: 'PENDING' | 'CREDITED'; customerId: string; points: number }
  | { status: 'SHIPPED' | 'CANCELLED' };

/** The ledger in memory, for use-case tests. */
export class InMemoryLoyaltyLedger implements LoyaltyLedger {
  readonly orders = new Map<string, OrderEntry>();
  readonly balances = new Map<string, number>();

  async notePlaced(order: {
    orderId: string;
    customerId: string;
    points: number;
  }): Promise<'pending' | 'credited' | 'already-noted'> {
    const entry = this.orders.get(order.orderId);
    const { customerId, points } = order;
    if (entry === undefined) {
      this.orders.set(order.orderId, { status: 'PENDING', customerId, points });
      return 'pending';
    }
    if (entry.status !== 'SHIPPED') return 'already-noted';
    this.orders.set(order.orderId, { status: 'CREDITED', customerId, points });
    this.#add(customerId, points);
    return 'credited';
  }

  async noteShipped(orderId: string): Promise<'credited' | 'awaiting-placement' | 'already-settled'> {
    const entry = this.orders.get(orderId);
    if (entry === undefined) {
      this.orders.set(orderId, { status: 'SHIPPED' });
      return 'awaiting-placement';
    }
    if (entry.status !== 'PENDING') return 'already-settled';
    this.orders.set(orderId, { ...entry, status: 'CREDITED' });
    this.#add(entry.customerId, entry.points);
    return 'credited';
  }

  async noteCancelled(orderId: string): Promise<'cancelled' | 'already-settled'> {
    const entry = this.orders.get(orderId);
    if (entry !== undefined && entry.status !== 'PENDING') return 'already-settled';
    this.orders.set(orderId, { status: 'CANCELLED' });
    return 'cancelled';
  }

  async balanceOf(customerId: string): Promise<number> {
    return this.balances.get(customerId) ?? 0;
  }

  #add(customerId: string, points: number): void {
    this.balances.set(customerId, (this.balances.get(customerId) ?? 0) + points);
  }
}
