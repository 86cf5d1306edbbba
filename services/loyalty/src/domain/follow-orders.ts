import { OrderNotNotedYetError } from './errors.ts';
import { pointsFor } from './points.ts';
import type { LoyaltyLedger } from './ports.ts';

/** The use cases of the three events loyalty follows. */
export function createFollowOrders(ledger: LoyaltyLedger) {
  return {
    async orderPlaced(data: { orderId: string; customerId: string; total: { amount: number } }, at: string) {
      const points = pointsFor(data.total);
      await ledger.notePending({ orderId: data.orderId, customerId: data.customerId, points }, at);
      return { orderId: data.orderId, pending: points };
    },
    async orderShipped(data: { orderId: string }, at: string) {
      const outcome = await ledger.credit(data.orderId, at);
      if (outcome === 'unknown-order') throw new OrderNotNotedYetError(data.orderId);
      return { orderId: data.orderId, outcome };
    },
    async orderCancelled(data: { orderId: string }, at: string) {
      // A cancel of an order never noted needs nothing: it will earn nothing either way.
      return { orderId: data.orderId, outcome: await ledger.cancel(data.orderId, at) };
    },
  };
}
