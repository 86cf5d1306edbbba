import { interfaceEntry } from '@shop/events';
import { ValidationError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { createTestWorld } from '../../test/test-world.ts';
import { createPlaceOrder } from './place-order.ts';
import { createReadOrder, parseOrdersReadRequest } from './read-order.ts';

describe('parseOrdersReadRequest', () => {
  it('accepts every request example of the orders-read v1 contract', () => {
    const examples = interfaceEntry('orders-read', 1)?.examples.filter(({ file }) => file.startsWith('request')) ?? [];

    expect(examples.length).toBeGreaterThan(0);
    for (const { message } of examples) {
      expect(parseOrdersReadRequest(message)).toEqual(message);
    }
  });

  it.each([
    ['an unknown query', { query: 'GetOrderAddress', orderId: 'ord_1' }],
    ['a missing order id', { query: 'GetOrderLines' }],
    ['an extra field', { query: 'GetOrderLines', orderId: 'ord_1', fields: ['email'] }],
    ['a string payload', 'ord_1'],
  ])('rejects %s', (_case, payload) => {
    expect(() => parseOrdersReadRequest(payload)).toThrow(ValidationError);
  });
});

describe('readOrder', () => {
  it('discloses the lines, status and total, and no prices per line', async () => {
    const world = createTestWorld();
    const { orderId } = await createPlaceOrder(world)({
      command: { customerId: 'cus-1', currency: 'EUR', lines: [{ sku: 'CAP-NAVY', quantity: 2 }] },
      causationId: 'req-1',
    });

    const response = await createReadOrder(world.orders)({ query: 'GetOrderLines', orderId });

    expect(response).toEqual({
      found: true,
      order: {
        orderId,
        customerId: 'cus-1',
        status: 'PLACED',
        lines: [{ sku: 'CAP-NAVY', quantity: 2 }],
        total: { amount: 3800, currency: 'EUR' },
      },
    });
  });

  it('answers found: false for an order it does not have, including ids it could never mint', async () => {
    const { orders } = createTestWorld();
    const readOrder = createReadOrder(orders);

    expect(await readOrder({ query: 'GetOrderLines', orderId: 'ord_01ARYZ6S410000000000000000' })).toEqual({
      found: false,
      orderId: 'ord_01ARYZ6S410000000000000000',
    });
    expect(await readOrder({ query: 'GetOrderLines', orderId: 'legacy-42' })).toEqual({
      found: false,
      orderId: 'legacy-42',
    });
  });
});
