import { NotFoundError, ValidationError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { createTestWorld } from '../../test/test-world.ts';
import { createGetOrder } from './get-order.ts';
import { createPlaceOrder } from './place-order.ts';

describe('getOrder', () => {
  it('returns the order with its status and timeline', async () => {
    const world = createTestWorld();
    const { orderId } = await createPlaceOrder(world)({
      command: { customerId: 'cus-1', currency: 'USD', lines: [{ sku: 'HOODIE-GREY-L', quantity: 1 }] },
      causationId: 'req-1',
    });

    const view = await createGetOrder(world.orders)(orderId);

    expect(view).toMatchObject({
      orderId,
      customerId: 'cus-1',
      status: 'PLACED',
      total: { amount: 6400, currency: 'USD' },
      timeline: [{ status: 'PLACED', at: '2026-11-24T10:00:00.000Z' }],
    });
  });

  it('throws NotFoundError for a well-formed id that does not exist', async () => {
    const { orders } = createTestWorld();

    await expect(createGetOrder(orders)('ord_01ARYZ6S410000000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('throws ValidationError for an id that cannot be an order id', async () => {
    const { orders } = createTestWorld();

    await expect(createGetOrder(orders)('not-an-order')).rejects.toBeInstanceOf(ValidationError);
  });
});
