import { describe, expect, it } from 'vitest';
import { InMemoryLoyaltyLedger } from '../adapters/in-memory-loyalty-ledger.ts';
import { OrderNotNotedYetError } from './errors.ts';
import { createFollowOrders } from './follow-orders.ts';
import { pointsFor } from './points.ts';

const AT = '2026-12-06T10:00:00.000Z';

describe('loyalty points', () => {
  it('earns a point per whole euro of the total', () => {
    expect(pointsFor({ amount: 23751 })).toBe(237);
    expect(pointsFor({ amount: 99 })).toBe(0);
  });

  it('credits an order’s points once it ships, once however often it is told', async () => {
    const ledger = new InMemoryLoyaltyLedger();
    const follow = createFollowOrders(ledger);
    await follow.orderPlaced({ orderId: 'o1', customerId: 'c1', total: { amount: 3800 } }, AT);
    await follow.orderPlaced({ orderId: 'o1', customerId: 'c1', total: { amount: 3800 } }, AT);
    expect(await ledger.balanceOf('c1')).toBe(0);
    expect(await follow.orderShipped({ orderId: 'o1' }, AT)).toEqual({ orderId: 'o1', outcome: 'credited' });
    expect(await follow.orderShipped({ orderId: 'o1' }, AT)).toEqual({ orderId: 'o1', outcome: 'already-settled' });
    expect(await ledger.balanceOf('c1')).toBe(38);
  });

  it('gives nothing for a cancelled order, and retries a shipment it has not heard placed', async () => {
    const ledger = new InMemoryLoyaltyLedger();
    const follow = createFollowOrders(ledger);
    await follow.orderPlaced({ orderId: 'o2', customerId: 'c2', total: { amount: 5000 } }, AT);
    expect(await follow.orderCancelled({ orderId: 'o2' }, AT)).toEqual({ orderId: 'o2', outcome: 'cancelled' });
    expect(await follow.orderShipped({ orderId: 'o2' }, AT)).toEqual({ orderId: 'o2', outcome: 'already-settled' });
    expect(await ledger.balanceOf('c2')).toBe(0);
    await expect(follow.orderShipped({ orderId: 'o3' }, AT)).rejects.toBeInstanceOf(OrderNotNotedYetError);
  });
});
