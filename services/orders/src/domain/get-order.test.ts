import { NotFoundError, ValidationError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { aCommand, createTestWorld, incoming, placeAnOrder } from '../../test/test-world.ts';
import { createFollowOrder } from './follow-order.ts';
import { createGetOrder } from './get-order.ts';
import { createPlaceOrder } from './place-order.ts';

describe('getOrder', () => {
  it('returns the order with its status and timeline', async () => {
    const world = createTestWorld();
    const { orderId } = await createPlaceOrder(world)({
      command: {
        customerId: 'cus-1',
        email: 'ada@example.com',
        currency: 'USD',
        lines: [{ sku: 'HOODIE-GREY-L', quantity: 1 }],
      },
      causationId: 'req-1',
    });

    const view = await createGetOrder(world.orders)({ orderId, customerId: 'cus-1' });

    expect(view).toMatchObject({
      orderId,
      customerId: 'cus-1',
      status: 'PLACED',
      total: { amount: 6400, currency: 'USD' },
      timeline: [{ status: 'PLACED', at: '2026-11-24T10:00:00.000Z', event: 'OrderPlaced' }],
    });
  });

  it('throws NotFoundError for a well-formed id that does not exist', async () => {
    const { orders } = createTestWorld();

    await expect(
      createGetOrder(orders)({ orderId: 'ord_01ARYZ6S410000000000000000', customerId: 'cus-1' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers another customer's order exactly like one that does not exist", async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world, aCommand());

    await expect(createGetOrder(world.orders)({ orderId, customerId: 'cus-someone-else' })).rejects.toEqual(
      new NotFoundError(`Order ${orderId} not found`),
    );
  });

  it('throws ValidationError for an id that cannot be an order id', async () => {
    const { orders } = createTestWorld();

    await expect(createGetOrder(orders)({ orderId: 'not-an-order', customerId: 'cus-1' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('shows the timeline as the order follows the flow, and never the contact', async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world, aCommand({ name: 'Ada Lovelace' }));
    await createFollowOrder(world).InventoryReservationFailed(
      incoming('InventoryReservationFailed', { orderId, reason: 'UNKNOWN_SKU', skus: ['CAP-NAVY'] }),
    );

    const view = await createGetOrder(world.orders)({ orderId, customerId: aCommand().customerId });

    expect(view.status).toBe('CANCELLED');
    expect(view.timeline).toEqual([
      { status: 'PLACED', at: '2026-11-24T10:00:00.000Z', event: 'OrderPlaced' },
      {
        status: 'CANCELLED',
        at: '2026-11-24T10:00:10.000Z',
        reason: 'UNKNOWN_SKU',
        event: 'InventoryReservationFailed',
      },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/ada@example\.com|Ada Lovelace/);
  });
});
