import type { LedgerChange, OrderEntry } from '../domain/ledger.ts';
import type { LoyaltyLedger } from '../domain/ports.ts';

/** The ledger in memory, for use-case tests: the same conditions as the DynamoDB ledger's writes. */
export class InMemoryLoyaltyLedger implements LoyaltyLedger {
  readonly orders = new Map<string, OrderEntry>();
  readonly balances = new Map<string, number>();

  async read(orderId: string): Promise<OrderEntry | undefined> {
    return this.orders.get(orderId);
  }

  async apply(orderId: string, change: LedgerChange): Promise<boolean> {
    const entry = this.orders.get(orderId);
    if (change.kind === 'create') {
      if (entry !== undefined) return false;
      this.orders.set(orderId, change.entry);
      return true;
    }
    if (entry?.status !== change.from) return false;
    if (change.kind === 'cancel') {
      this.orders.set(orderId, { status: 'CANCELLED' });
      return true;
    }
    const { customerId, points } = change;
    this.orders.set(orderId, { status: 'CREDITED', customerId, points });
    this.balances.set(customerId, (this.balances.get(customerId) ?? 0) + points);
    return true;
  }

  async balanceOf(customerId: string): Promise<number> {
    return this.balances.get(customerId) ?? 0;
  }
}
