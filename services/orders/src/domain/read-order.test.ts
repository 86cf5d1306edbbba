import { interfaceEntry } from '@shop/events';
import { ValidationError } from '@shop/shared/errors';
import { validateInterfaceMessage } from '@shop/shared/validate-event';
import { describe, expect, it } from 'vitest';
import { aCommand, createTestWorld, incoming, placeAnOrder } from '../../test/test-world.ts';
import { createFollowOrder } from './follow-order.ts';
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

  it('accepts both queries', () => {
    expect(parseOrdersReadRequest({ query: 'GetOrderSummary', orderId: 'ord_1' }).query).toBe('GetOrderSummary');
    expect(parseOrdersReadRequest({ query: 'GetOrderLines', orderId: 'ord_1' }).query).toBe('GetOrderLines');
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
      command: {
        customerId: 'cus-1',
        email: 'ada@example.com',
        currency: 'EUR',
        lines: [{ sku: 'CAP-NAVY', quantity: 2 }],
      },
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

  it('answers GetOrderSummary with the contact, status, lines, total and timeline, as the contract describes', async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world, aCommand({ email: 'ada.lovelace@example.com', name: 'Ada Lovelace' }));
    await createFollowOrder(world).InventoryReserved(
      incoming('InventoryReserved', {
        orderId,
        customerId: 'cus_1',
        reservationId: 'res_1',
        total: { amount: 3800, currency: 'EUR' },
      }),
    );

    const response = await createReadOrder(world.orders)({ query: 'GetOrderSummary', orderId });

    expect(response).toEqual({
      found: true,
      order: {
        orderId,
        status: 'RESERVED',
        email: 'ada.lovelace@example.com',
        name: 'Ada Lovelace',
        lines: [{ sku: 'CAP-NAVY', quantity: 2 }],
        total: { amount: 3800, currency: 'EUR' },
        timeline: [
          { status: 'PLACED', at: '2026-11-24T10:00:00.000Z', event: 'OrderPlaced' },
          { status: 'RESERVED', at: '2026-11-24T10:00:10.000Z', event: 'InventoryReserved' },
        ],
      },
    });
    expect(validateInterfaceMessage('orders-read', 1, 'response', response)).toEqual(response);
  });

  it('leaves the name out of the summary when the customer gave none, and the reason in for a cancellation', async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world);
    await createFollowOrder(world).InventoryReservationFailed(
      incoming('InventoryReservationFailed', { orderId, reason: 'OUT_OF_STOCK', skus: ['CAP-NAVY'] }),
    );

    const response = await createReadOrder(world.orders)({ query: 'GetOrderSummary', orderId });

    expect(response.found && 'email' in response.order && response.order).toMatchObject({
      email: 'ada@example.com',
      status: 'CANCELLED',
      timeline: [{ status: 'PLACED' }, { status: 'CANCELLED', reason: 'OUT_OF_STOCK' }],
    });
    expect(response.found && 'name' in response.order).toBe(false);
    expect(validateInterfaceMessage('orders-read', 1, 'response', response)).toEqual(response);
  });

  it('never discloses the contact to GetOrderLines', async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world, aCommand({ name: 'Ada Lovelace' }));

    const response = await createReadOrder(world.orders)({ query: 'GetOrderLines', orderId });

    expect(JSON.stringify(response)).not.toMatch(/ada@example\.com|Ada Lovelace/);
    expect(validateInterfaceMessage('orders-read', 1, 'response', response)).toEqual(response);
  });

  it('answers found: false to GetOrderSummary for an order it does not have', async () => {
    const readOrder = createReadOrder(createTestWorld().orders);

    expect(await readOrder({ query: 'GetOrderSummary', orderId: 'ord_01ARYZ6S410000000000000000' })).toEqual({
      found: false,
      orderId: 'ord_01ARYZ6S410000000000000000',
    });
  });
});
