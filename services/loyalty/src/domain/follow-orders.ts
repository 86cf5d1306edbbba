import { pointsFor } from './points.ts';
import type { LoyaltyLedger } from './ports.ts';

/** The use cases of the three events loyalty follows, in whatever order they arrive. */
export function createFollowOrders(ledger: LoyaltyLedger) {
  return {
    async orderPlaced(data: { orderId: string; customerId: string; total: { amount: number } }, at: string) {
      const points = pointsFor(data.total);
      const outcome = await ledger.notePlaced({ orderId: data.orderId, customerId: data.customerId, points }, at);
      return { orderId: data.orderId, points, outcome };
    },
    async orderShipped(data: { orderId: string }, at: string) {
      return { orderId: data.orderId, outcome: await ledger.noteShipped(data.orderId, at) };
    },
    async orderCancelled(data: { orderId: string }, at: string) {
      return { orderId: data.orderId, outcome: await ledger.noteCancelled(data.orderId, at) };
    },
  };
}
