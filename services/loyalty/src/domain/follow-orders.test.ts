import { describe, expect, it } from 'vitest';
import { InMemoryLoyaltyLedger } from '../adapters/in-memory-loyalty-ledger.ts';
import { createFollowOrders } from './follow-orders.ts';
import { pointsFor } from './points.ts';

const AT = '2026-12-06T10:00:00.000Z';
const placed = (orderId: string, customerId: string, amount: number) => ({ orderId, customerId, total: { amount } });

describe('loyalty points', () => {
  it('earns a point per whole euro of the total', () => {
    expect(pointsFor({ amount: 23751 })).toBe(237);
    expect(pointsFor({ amount: 99 })).toBe(0);
  });

  it('credits an order’s points once it ships, once however often it is told', async () => {
    const ledger = new InMemoryLoyaltyLedger();
    const follow = createFollowOrders(ledger);
    expect((await follow.orderPlaced(placed('o1', 'c1', 3800), AT)).outcome).toBe('pending');
    expect((await follow.orderPlaced(placed('o1', 'c1', 3800), AT)).outcome).toBe('already-noted');
    expect(await ledger.balanceOf('c1')).toBe(0);
    expect(await follow.orderShipped({ orderId: 'o1' }, AT)).toEqual({ orderId: 'o1', outcome: 'credited' });
    expect(await follow.orderShipped({ orderId: 'o1' }, AT)).toEqual({ orderId: 'o1', outcome: 'already-settled' });
    expect(await ledger.balanceOf('c1')).toBe(38);
  });

  it('gives nothing for a cancelled order', async () => {
    const ledger = new InMemoryLoyaltyLedger();
    const follow = createFollowOrders(ledger);
    await follow.orderPlaced(placed('o2', 'c2', 5000), AT);
    expect(await follow.orderCancelled({ orderId: 'o2' }, AT)).toEqual({ orderId: 'o2', outcome: 'cancelled' });
    expect(await follow.orderShipped({ orderId: 'o2' }, AT)).toEqual({ orderId: 'o2', outcome: 'already-settled' });
    expect(await ledger.balanceOf('c2')).toBe(0);
  });

  it('credits at once a placement whose shipment arrived first, and only once', async () => {
    const ledger = new InMemoryLoyaltyLedger();
    const follow = createFollowOrders(ledger);
    expect((await follow.orderShipped({ orderId: 'o3' }, AT)).outcome).toBe('awaiting-placement');
    expect(await ledger.balanceOf('c3')).toBe(0);
    expect((await follow.orderPlaced(placed('o3', 'c3', 1250), AT)).outcome).toBe('credited');
    expect((await follow.orderPlaced(placed('o3', 'c3', 1250), AT)).outcome).toBe('already-noted');
    expect((await follow.orderShipped({ orderId: 'o3' }, AT)).outcome).toBe('already-settled');
    expect(await ledger.balanceOf('c3')).toBe(12);
  });

  it('gives nothing for a placement whose cancellation arrived first', async () => {
    const ledger = new InMemoryLoyaltyLedger();
    const follow = createFollowOrders(ledger);
    expect((await follow.orderCancelled({ orderId: 'o4' }, AT)).outcome).toBe('cancelled');
    expect((await follow.orderPlaced(placed('o4', 'c4', 9900), AT)).outcome).toBe('already-noted');
    expect((await follow.orderShipped({ orderId: 'o4' }, AT)).outcome).toBe('already-settled');
    expect(await ledger.balanceOf('c4')).toBe(0);
  });
});
