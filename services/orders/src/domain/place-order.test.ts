import { describe, expect, it } from 'vitest';
import { createTestWorld } from '../../test/test-world.ts';
import { createPlaceOrder, type PlaceOrderInput } from './place-order.ts';

const input: PlaceOrderInput = {
  command: {
    customerId: 'cus-7d3e91b2',
    email: 'ada.lovelace@example.com',
    name: 'Ada Lovelace',
    currency: 'EUR',
    lines: [
      { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
      { sku: 'MUG-LOGO-350ML', quantity: 1 },
    ],
  },
  causationId: 'req-1',
};

function setUp() {
  const world = createTestWorld();
  return { world, placeOrder: createPlaceOrder(world) };
}

describe('placeOrder', () => {
  it('stores the order as PLACED, priced from the price list, with its first timeline entry', async () => {
    const { world, placeOrder } = setUp();

    const { orderId } = await placeOrder(input);

    expect(await world.orders.findById(orderId)).toEqual({
      orderId,
      customerId: 'cus-7d3e91b2',
      contact: { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' },
      correlationId: orderId,
      status: 'PLACED',
      lines: [
        { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2, unitPrice: { amount: 2500, currency: 'EUR' } },
        { sku: 'MUG-LOGO-350ML', quantity: 1, unitPrice: { amount: 1200, currency: 'EUR' } },
      ],
      total: { amount: 6200, currency: 'EUR' },
      placedAt: '2026-11-24T10:00:00.000Z',
      timeline: [{ status: 'PLACED', at: '2026-11-24T10:00:00.000Z', event: 'OrderPlaced' }],
    });
  });

  it('publishes a thin OrderPlaced keyed on the order and correlated by the order id', async () => {
    const { world, placeOrder } = setUp();

    const { orderId } = await placeOrder(input);

    expect(world.publisher.events).toHaveLength(1);
    const [event] = world.publisher.events;
    expect(event?.name).toBe('OrderPlaced');
    expect(event?.source).toBe('shop.orders');
    expect(event?.detail.data).toEqual({
      orderId,
      customerId: 'cus-7d3e91b2',
      total: { amount: 6200, currency: 'EUR' },
      lineCount: 2,
    });
    expect(event?.detail.metadata).toMatchObject({
      idempotencyKey: `OrderPlaced:${orderId}`,
      correlationId: orderId,
      causationId: 'req-1',
      version: 1,
      occurredAt: '2026-11-24T10:00:00.000Z',
    });
  });

  it("uses the client's correlation id when it sent one", async () => {
    const { world, placeOrder } = setUp();

    await placeOrder({ ...input, correlationId: 'checkout-42' });

    expect(world.publisher.events[0]?.detail.metadata.correlationId).toBe('checkout-42');
  });

  it('clears the pending event once it is published', async () => {
    const { world, placeOrder } = setUp();

    const { orderId } = await placeOrder(input);

    expect(world.orders.pendingEventOf(orderId)).toBeUndefined();
    // Both steps of the outbox are logged under the order's ids, so its trace shows them.
    expect(world.log.lines.map((line) => [line.message, line.attributes.correlationId])).toEqual([
      ['Order events stored in the outbox', orderId],
      ['Order events published and cleared from the outbox', orderId],
    ]);
  });

  it('accepts the order and keeps its event pending when the publish fails', async () => {
    const { world, placeOrder } = setUp();
    world.publisher.failNextPublish();

    const result = await placeOrder(input);

    expect(result).toEqual({ orderId: result.orderId, status: 'PLACED' });
    expect(world.publisher.events).toHaveLength(0);
    expect(world.orders.pendingEventOf(result.orderId)?.detail.metadata.idempotencyKey).toBe(
      `OrderPlaced:${result.orderId}`,
    );
    expect(world.log.lines.filter((line) => line.level === 'warn')).toMatchObject([
      { level: 'warn', attributes: { orderId: result.orderId } },
    ]);
  });

  it('prices a SKU missing from the price list at 0 so inventory can refuse it', async () => {
    const { world, placeOrder } = setUp();

    const { orderId } = await placeOrder({
      ...input,
      command: { ...input.command, lines: [{ sku: 'DOES-NOT-EXIST', quantity: 3 }] },
    });

    expect((await world.orders.findById(orderId))?.total).toEqual({ amount: 0, currency: 'EUR' });
    expect(world.publisher.events).toHaveLength(1);
  });

  it('gives every order its own id', async () => {
    const { world, placeOrder } = setUp();

    const first = await placeOrder(input);
    const second = await placeOrder(input);

    expect(first.orderId).not.toBe(second.orderId);
    expect(world.orders.count()).toBe(2);
  });
});
