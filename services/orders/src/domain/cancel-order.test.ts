import { ConflictError, NotFoundError, ValidationError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { createTestWorld, incoming, placeAnOrder } from '../../test/test-world.ts';
import { createCancelOrder } from './cancel-order.ts';
import { createFollowOrder } from './follow-order.ts';
import { createPlaceOrder } from './place-order.ts';

async function setUp() {
  const world = createTestWorld();
  const orderId = await placeAnOrder(world);
  world.publisher.clear();
  world.time.advanceSeconds(90);
  return { world, orderId, cancelOrder: createCancelOrder(world) };
}

describe('cancelOrder', () => {
  it('cancels a placed order at the customer request and announces OrderCancelled in its flow', async () => {
    const { world, orderId, cancelOrder } = await setUp();

    const result = await cancelOrder({ orderId, customerId: 'cus-1', causationId: 'req-cancel' });

    expect(result).toEqual({ orderId, status: 'CANCELLED' });
    expect(await world.orders.findById(orderId)).toMatchObject({
      status: 'CANCELLED',
      timeline: [
        { status: 'PLACED', event: 'OrderPlaced' },
        { status: 'CANCELLED', at: '2026-11-24T10:01:30.000Z', reason: 'CUSTOMER_REQUEST', event: 'OrderCancelled' },
      ],
    });
    expect(world.publisher.events).toHaveLength(1);
    expect(world.publisher.events[0]?.detail).toMatchObject({
      metadata: {
        idempotencyKey: `OrderCancelled:${orderId}`,
        correlationId: orderId,
        causationId: 'req-cancel',
        occurredAt: '2026-11-24T10:01:30.000Z',
      },
      data: { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'PLACED' },
    });
  });

  it("carries the client's correlation id of the order, not a new one", async () => {
    const world = createTestWorld();
    const { orderId } = await createPlaceOrder(world)({
      command: {
        customerId: 'cus-1',
        email: 'ada@example.com',
        currency: 'EUR',
        lines: [{ sku: 'CAP-NAVY', quantity: 1 }],
      },
      causationId: 'req-1',
      correlationId: 'checkout-42',
    });

    await createCancelOrder(world)({ orderId, customerId: 'cus-1', causationId: 'req-cancel' });

    expect(world.publisher.events.at(-1)?.detail.metadata.correlationId).toBe('checkout-42');
  });

  it('cancels a paid order and says it was PAID, so payments knows to refund', async () => {
    const { world, orderId, cancelOrder } = await setUp();
    await createFollowOrder(world).PaymentCaptured(
      incoming('PaymentCaptured', { orderId, paymentId: 'pay_1', amount: { amount: 3800, currency: 'EUR' } }),
    );

    await cancelOrder({ orderId, customerId: 'cus-1', causationId: 'req-cancel' });

    expect(world.publisher.events.at(-1)?.detail.data).toEqual({
      orderId,
      reason: 'CUSTOMER_REQUEST',
      previousStatus: 'PAID',
    });
  });

  it('answers a repeated cancel with a ConflictError and announces nothing more', async () => {
    const { world, orderId, cancelOrder } = await setUp();
    await cancelOrder({ orderId, customerId: 'cus-1', causationId: 'req-cancel' });

    const again = cancelOrder({ orderId, customerId: 'cus-1', causationId: 'req-cancel-again' });

    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow('already cancelled (CUSTOMER_REQUEST)');
    expect(world.publisher.events).toHaveLength(1);
  });

  it('refuses to cancel a shipped order', async () => {
    const { world, orderId, cancelOrder } = await setUp();
    await createFollowOrder(world).OrderShipped(
      incoming('OrderShipped', { orderId, shipmentId: 's', carrier: 'PARCELNET', trackingNumber: 'PN1' }),
    );

    await expect(cancelOrder({ orderId, customerId: 'cus-1', causationId: 'req-cancel' })).rejects.toThrow(
      'has shipped',
    );
    expect((await world.orders.findById(orderId))?.status).toBe('SHIPPED');
    expect(world.publisher.events).toHaveLength(0);
  });

  it('throws NotFoundError for an order that does not exist', async () => {
    const { cancelOrder } = await setUp();

    await expect(
      cancelOrder({ orderId: 'ord_01ARYZ6S410000000000000000', customerId: 'cus-1', causationId: 'r' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers another customer's cancel exactly like an unknown order, and changes nothing", async () => {
    const { world, orderId, cancelOrder } = await setUp();

    await expect(cancelOrder({ orderId, customerId: 'cus-someone-else', causationId: 'r' })).rejects.toEqual(
      new NotFoundError(`Order ${orderId} not found`),
    );
    expect((await world.orders.findById(orderId))?.status).toBe('PLACED');
    expect(world.publisher.events).toEqual([]);
  });

  it('throws ValidationError for an id that cannot be an order id', async () => {
    const { cancelOrder } = await setUp();

    await expect(cancelOrder({ orderId: '../orders', customerId: 'cus-1', causationId: 'r' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(cancelOrder({ orderId: undefined, customerId: 'cus-1', causationId: 'r' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
