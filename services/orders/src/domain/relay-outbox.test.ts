import { describe, expect, it } from 'vitest';
import { createTestWorld, incoming, placeAnOrder } from '../../test/test-world.ts';
import { createFollowOrder } from './follow-order.ts';
import { createPlaceOrder } from './place-order.ts';
import { createRelayOutbox } from './relay-outbox.ts';

const command = {
  customerId: 'cus-1',
  email: 'ada@example.com',
  currency: 'GBP' as const,
  lines: [{ sku: 'CAP-NAVY', quantity: 1 }],
};

async function setUpWithUnpublishedOrder() {
  const world = createTestWorld();
  const placeOrder = createPlaceOrder(world);
  world.publisher.failNextPublish();
  const { orderId } = await placeOrder({ command, causationId: 'req-1' });
  const relayOutbox = createRelayOutbox({ ...world, graceSeconds: 30 });
  return { world, placeOrder, relayOutbox, orderId };
}

describe('relayOutbox', () => {
  it('leaves an event alone while it is younger than the grace period', async () => {
    const { world, relayOutbox, orderId } = await setUpWithUnpublishedOrder();
    world.time.advanceSeconds(29);

    const result = await relayOutbox();

    expect(result).toEqual({ published: 0, failed: 0 });
    expect(world.orders.pendingEventOf(orderId)).toBeDefined();
  });

  it('publishes an event whose first publish failed, then clears it', async () => {
    const { world, relayOutbox, orderId } = await setUpWithUnpublishedOrder();
    const pending = world.orders.pendingEventOf(orderId);
    world.time.advanceSeconds(30);

    const result = await relayOutbox();

    expect(result).toEqual({ published: 1, failed: 0 });
    expect(world.publisher.events).toEqual([pending]);
    expect(world.orders.pendingEventOf(orderId)).toBeUndefined();
  });

  it('publishes each pending event once across runs', async () => {
    const { world, relayOutbox } = await setUpWithUnpublishedOrder();
    world.time.advanceSeconds(60);

    await relayOutbox();
    await relayOutbox();

    expect(world.publisher.events).toHaveLength(1);
  });

  it('keeps an event pending when the relay cannot publish it either, and retries it next run', async () => {
    const { world, relayOutbox, orderId } = await setUpWithUnpublishedOrder();
    world.time.advanceSeconds(60);
    world.publisher.failNextPublish();

    const failedRun = await relayOutbox();
    expect(failedRun).toEqual({ published: 0, failed: 1 });
    expect(world.log.lines.at(-1)).toMatchObject({ level: 'warn', attributes: { orderId } });

    const nextRun = await relayOutbox();
    expect(nextRun).toEqual({ published: 1, failed: 0 });
    expect(world.log.lines.at(-1)).toMatchObject({
      level: 'info',
      message: 'Outbox event published by the relay',
      attributes: { orderId, event: 'OrderPlaced' },
    });
  });

  it('does not touch orders whose event was published by the handler', async () => {
    const { world, placeOrder, relayOutbox } = await setUpWithUnpublishedOrder();
    await placeOrder({ command, causationId: 'req-2' });
    world.publisher.clear();
    world.time.advanceSeconds(60);

    const result = await relayOutbox();

    expect(result).toEqual({ published: 1, failed: 0 });
  });

  it('stops after maxEventsPerRun so a run ends inside the function timeout', async () => {
    const world = createTestWorld();
    const placeOrder = createPlaceOrder(world);
    for (let index = 0; index < 3; index += 1) {
      world.publisher.failNextPublish();
      await placeOrder({ command, causationId: `req-${index}` });
    }
    world.time.advanceSeconds(60);
    const relayOutbox = createRelayOutbox({ ...world, graceSeconds: 30, maxEventsPerRun: 2 });

    expect(await relayOutbox()).toEqual({ published: 2, failed: 0 });
    expect(await relayOutbox()).toEqual({ published: 1, failed: 0 });
  });

  it("counts the grace period from the pending event's own time, not from when the order was placed", async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world);
    world.time.advanceSeconds(3600);
    world.publisher.failNextPublish();
    await createFollowOrder(world).InventoryReservationFailed(
      incoming('InventoryReservationFailed', { orderId, reason: 'OUT_OF_STOCK', skus: ['CAP-NAVY'] }),
    );
    const relayOutbox = createRelayOutbox({ ...world, graceSeconds: 30 });
    world.publisher.clear();
    world.time.advanceSeconds(29);

    const early = await relayOutbox();
    world.time.advanceSeconds(1);
    const due = await relayOutbox();

    expect(early).toEqual({ published: 0, failed: 0 });
    expect(due).toEqual({ published: 1, failed: 0 });
    expect(world.publisher.events.map(({ name }) => name)).toEqual(['OrderCancelled']);
  });

  it("holds back an order's later events while an earlier one fails, so they reach the bus in order", async () => {
    const world = createTestWorld();
    world.publisher.failNextPublish();
    const orderId = await placeAnOrder(world);
    world.publisher.failNextPublish();
    await createFollowOrder(world).InventoryReservationFailed(
      incoming('InventoryReservationFailed', { orderId, reason: 'OUT_OF_STOCK', skus: ['CAP-NAVY'] }),
    );
    world.time.advanceSeconds(60);
    world.publisher.failNextPublish();

    const result = await createRelayOutbox({ ...world, graceSeconds: 30 })();

    expect(result).toEqual({ published: 0, failed: 2 });
    expect(world.publisher.events).toHaveLength(0);
    expect(world.orders.pendingEventsOf(orderId).map(({ name }) => name)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });
});
