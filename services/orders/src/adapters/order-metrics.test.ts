import { createInMemoryMetrics } from '@shop/shared/testing';
import { describe, expect, it } from 'vitest';
import { aCommand, createTestWorld, incoming } from '../../test/test-world.ts';
import { createFollowOrder } from '../domain/follow-order.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createOrderMetrics } from './order-metrics.ts';

const total = { amount: 3800, currency: 'EUR' };

async function setUp() {
  const world = createTestWorld('2026-11-24T10:00:00.000Z');
  const recorder = createInMemoryMetrics();
  const metrics = createOrderMetrics(recorder);
  const { orderId } = await createPlaceOrder({ ...world, metrics })({ command: aCommand(), causationId: 'req-1' });
  return { orderId, recorded: recorder.recorded, follow: createFollowOrder({ ...world, metrics }) };
}

describe('orders business metrics', () => {
  it('counts an order placed, shipped, and its lead time from placed to shipped', async () => {
    const { orderId, recorded, follow } = await setUp();
    await follow.InventoryReserved(
      incoming(
        'InventoryReserved',
        { orderId, customerId: 'cus_1', reservationId: 'r', total },
        '2026-11-24T10:00:05.000Z',
      ),
    );
    await follow.PaymentCaptured(
      incoming('PaymentCaptured', { orderId, paymentId: 'p', amount: total }, '2026-11-24T10:00:10.000Z'),
    );
    const shipped = incoming(
      'OrderShipped',
      { orderId, shipmentId: 's', carrier: 'PARCELNET', trackingNumber: 'PN1' },
      '2026-11-24T10:01:30.000Z',
    );
    await follow.OrderShipped(shipped);
    // A redelivered event changes nothing and counts nothing.
    await follow.OrderShipped(shipped);

    expect(recorded).toEqual([
      { name: 'OrdersPlaced', value: 1, unit: 'Count', dimensions: {} },
      { name: 'OrdersShipped', value: 1, unit: 'Count', dimensions: {} },
      { name: 'OrderLeadTime', value: 90, unit: 'Seconds', dimensions: {} },
    ]);
  });

  it('counts a cancelled order by the reason that cancelled it', async () => {
    const { orderId, recorded, follow } = await setUp();
    await follow.InventoryReserved(
      incoming('InventoryReserved', { orderId, customerId: 'cus_1', reservationId: 'r', total }),
    );
    await follow.PaymentDeclined(incoming('PaymentDeclined', { orderId, reason: 'CARD_DECLINED' }));

    expect(recorded.slice(1)).toEqual([
      { name: 'OrdersCancelled', value: 1, unit: 'Count', dimensions: { reason: 'PAYMENT_DECLINED' } },
    ]);
  });
});
