import { describe, expect, it } from 'vitest';
import { createTestWorld, incoming, placeAnOrder } from '../../test/test-world.ts';
import { createCancelOrder } from './cancel-order.ts';
import { ConcurrentOrderUpdateError, OrderNotFoundYetError } from './errors.ts';
import { createFollowOrder } from './follow-order.ts';
import { createRelayOutbox } from './relay-outbox.ts';

const total = { amount: 3800, currency: 'EUR' };

async function setUp() {
  const world = createTestWorld();
  const orderId = await placeAnOrder(world);
  world.publisher.clear();
  return { world, orderId, follow: createFollowOrder(world) };
}

describe('followOrder', () => {
  it('moves the order to RESERVED on InventoryReserved and announces nothing', async () => {
    const { world, orderId, follow } = await setUp();

    const result = await follow.InventoryReserved(
      incoming(
        'InventoryReserved',
        { orderId, customerId: 'cus_1', reservationId: 'res_1', total },
        '2026-11-24T10:00:05.000Z',
      ),
    );

    expect(result).toEqual({ orderId, status: 'RESERVED', outcome: 'APPLIED', announced: [] });
    expect((await world.orders.findById(orderId))?.timeline.at(-1)).toEqual({
      status: 'RESERVED',
      at: '2026-11-24T10:00:05.000Z',
      event: 'InventoryReserved',
    });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('confirms a paid order: PAID, and OrderConfirmed caused by PaymentCaptured in the same flow', async () => {
    const { world, orderId, follow } = await setUp();
    const captured = incoming('PaymentCaptured', { orderId, paymentId: 'pay_1', amount: total });

    const result = await follow.PaymentCaptured(captured);

    expect(result).toMatchObject({ status: 'PAID', announced: ['OrderConfirmed'] });
    expect(world.publisher.events).toHaveLength(1);
    expect(world.publisher.events[0]).toMatchObject({
      name: 'OrderConfirmed',
      source: 'shop.orders',
      detail: {
        metadata: {
          idempotencyKey: `OrderConfirmed:${orderId}`,
          correlationId: captured.metadata.correlationId,
          causationId: captured.metadata.eventId,
          occurredAt: '2026-11-24T10:00:00.000Z',
        },
        data: { orderId, total },
      },
    });
    expect(world.orders.pendingEventsOf(orderId)).toEqual([]);
  });

  it('delays a reserved order on PaymentDelayed and announces OrderDelayed through the outbox, caused by it', async () => {
    const { world, orderId, follow } = await setUp();
    await follow.InventoryReserved(
      incoming('InventoryReserved', { orderId, customerId: 'cus_1', reservationId: 'res_1', total }),
    );
    const delayed = incoming(
      'PaymentDelayed',
      { orderId, reason: 'PROVIDER_UNAVAILABLE', waitingSince: '2026-11-24T10:00:11.000Z' },
      '2026-11-24T10:01:15.000Z',
    );

    const result = await follow.PaymentDelayed(delayed);

    expect(result).toEqual({ orderId, status: 'DELAYED', outcome: 'APPLIED', announced: ['OrderDelayed'] });
    expect(world.publisher.events).toHaveLength(1);
    expect(world.publisher.events[0]).toMatchObject({
      name: 'OrderDelayed',
      source: 'shop.orders',
      detail: {
        metadata: {
          idempotencyKey: `OrderDelayed:${orderId}`,
          correlationId: delayed.metadata.correlationId,
          causationId: delayed.metadata.eventId,
        },
        data: { orderId, reason: 'PAYMENT_PROVIDER_UNAVAILABLE' },
      },
    });
    expect(world.orders.pendingEventsOf(orderId)).toEqual([]);
  });

  it('confirms a delayed order when the payment is captured after the outage, and delays it only once', async () => {
    const { world, orderId, follow } = await setUp();
    const delayed = incoming('PaymentDelayed', {
      orderId,
      reason: 'PROVIDER_UNAVAILABLE',
      waitingSince: '2026-11-24T10:00:01.000Z',
    });
    await follow.InventoryReserved(
      incoming('InventoryReserved', { orderId, customerId: 'cus_1', reservationId: 'res_1', total }),
    );
    await follow.PaymentDelayed(delayed);

    const again = await follow.PaymentDelayed(delayed);
    const captured = await follow.PaymentCaptured(
      incoming('PaymentCaptured', { orderId, paymentId: 'pay_1', amount: total }, '2026-11-24T10:05:00.000Z'),
    );

    expect(again).toMatchObject({ outcome: 'DUPLICATE', status: 'DELAYED', announced: [] });
    expect(captured).toMatchObject({ status: 'PAID', outcome: 'APPLIED', announced: ['OrderConfirmed'] });
    expect(world.publisher.events.map(({ name }) => name)).toEqual(['OrderDelayed', 'OrderConfirmed']);
  });

  it('only records a PaymentDelayed that arrives after PaymentCaptured: stays PAID, announces nothing more', async () => {
    const { world, orderId, follow } = await setUp();
    await follow.PaymentCaptured(
      incoming('PaymentCaptured', { orderId, paymentId: 'pay_1', amount: total }, '2026-11-24T10:05:00.000Z'),
    );

    const result = await follow.PaymentDelayed(
      incoming(
        'PaymentDelayed',
        { orderId, reason: 'PROVIDER_UNAVAILABLE', waitingSince: '2026-11-24T10:00:01.000Z' },
        '2026-11-24T10:04:00.000Z',
      ),
    );

    expect(result).toEqual({ orderId, status: 'PAID', outcome: 'RECORDED', announced: [] });
    expect(world.publisher.events.map(({ name }) => name)).toEqual(['OrderConfirmed']);
    expect((await world.orders.findById(orderId))?.timeline.map(({ event }) => event)).toEqual([
      'OrderPlaced',
      'PaymentDelayed',
      'PaymentCaptured',
    ]);
  });

  it.each([
    ['InventoryReservationFailed', 'OUT_OF_STOCK', 'PLACED'],
    ['PaymentDeclined', 'PAYMENT_DECLINED', 'PLACED'],
    ['FulfillmentFailed', 'FULFILLMENT_FAILED', 'PLACED'],
  ] as const)('cancels the order on %s and announces OrderCancelled (%s)', async (name, reason, previousStatus) => {
    const { world, orderId, follow } = await setUp();
    const envelopes = {
      InventoryReservationFailed: () =>
        follow.InventoryReservationFailed(
          incoming('InventoryReservationFailed', { orderId, reason: 'OUT_OF_STOCK', skus: ['CAP-NAVY'] }),
        ),
      PaymentDeclined: () => follow.PaymentDeclined(incoming('PaymentDeclined', { orderId, reason: 'CARD_DECLINED' })),
      FulfillmentFailed: () =>
        follow.FulfillmentFailed(
          incoming('FulfillmentFailed', { orderId, failedStep: 'BOOK_CARRIER', reason: 'STEP_FAILED' }),
        ),
    };

    await envelopes[name]();

    expect((await world.orders.findById(orderId))?.status).toBe('CANCELLED');
    expect(world.publisher.events.map((event) => [event.name, event.detail.data])).toEqual([
      ['OrderCancelled', { orderId, reason, previousStatus }],
    ]);
    expect(world.publisher.events[0]?.detail.metadata.idempotencyKey).toBe(`OrderCancelled:${orderId}`);
  });

  it('moves an order to SHIPPED on OrderShipped', async () => {
    const { world, orderId, follow } = await setUp();

    await follow.OrderShipped(
      incoming('OrderShipped', { orderId, shipmentId: 'shp_1', carrier: 'PARCELNET', trackingNumber: 'PN1' }),
    );

    expect((await world.orders.findById(orderId))?.status).toBe('SHIPPED');
  });

  it('tolerates OrderShipped before PaymentCaptured: stays SHIPPED, records both in the order they happened', async () => {
    const { world, orderId, follow } = await setUp();
    const shipped = { orderId, shipmentId: 'shp_1', carrier: 'PARCELNET', trackingNumber: 'PN1' };

    await follow.OrderShipped(incoming('OrderShipped', shipped, '2026-11-24T10:00:30.000Z'));
    await follow.PaymentCaptured(
      incoming('PaymentCaptured', { orderId, paymentId: 'pay_1', amount: total }, '2026-11-24T10:00:20.000Z'),
    );

    const order = await world.orders.findById(orderId);
    expect(order?.status).toBe('SHIPPED');
    expect(order?.timeline.map(({ status, event }) => `${status}:${event}`)).toEqual([
      'PLACED:OrderPlaced',
      'PAID:PaymentCaptured',
      'SHIPPED:OrderShipped',
    ]);
  });

  it('throws a retryable error and changes nothing for an order it has not stored yet', async () => {
    const { world, follow } = await setUp();
    const unknown = 'ord_01JDQ0000000000000000000Z9';

    const attempt = follow.InventoryReserved(
      incoming('InventoryReserved', { orderId: unknown, customerId: 'cus_1', reservationId: 'r', total }),
    );

    await expect(attempt).rejects.toBeInstanceOf(OrderNotFoundYetError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('changes and announces once when the same event is delivered twice, even without the idempotency layer', async () => {
    const { world, orderId, follow } = await setUp();
    const declined = incoming('PaymentDeclined', { orderId, reason: 'CARD_DECLINED' });

    await follow.PaymentDeclined(declined);
    const again = await follow.PaymentDeclined(declined);

    expect(again).toMatchObject({ outcome: 'DUPLICATE', status: 'CANCELLED' });
    expect(world.publisher.events).toHaveLength(1);
    expect((await world.orders.findById(orderId))?.timeline).toHaveLength(2);
  });

  it('keeps the new status and leaves OrderCancelled in the outbox when the bus refuses it', async () => {
    const { world, orderId, follow } = await setUp();
    world.publisher.failNextPublish();

    const result = await follow.InventoryReservationFailed(
      incoming('InventoryReservationFailed', { orderId, reason: 'UNKNOWN_SKU', skus: ['X'] }),
    );

    expect(result.status).toBe('CANCELLED');
    expect(world.publisher.events).toHaveLength(0);
    expect(world.orders.pendingEventsOf(orderId).map(({ name }) => name)).toEqual(['OrderCancelled']);
    expect(world.log.lines.at(-1)).toMatchObject({ level: 'warn', attributes: { orderId } });
  });

  it("queues OrderCancelled behind an unpublished OrderPlaced, and the relay publishes both in the order's order", async () => {
    const world = createTestWorld();
    world.publisher.failNextPublish();
    const orderId = await placeAnOrder(world);
    world.publisher.failNextPublish();
    await createFollowOrder(world).InventoryReservationFailed(
      incoming('InventoryReservationFailed', { orderId, reason: 'OUT_OF_STOCK', skus: ['CAP-NAVY'] }),
    );
    world.time.advanceSeconds(60);

    const result = await createRelayOutbox({ ...world, graceSeconds: 30 })();

    expect(result).toEqual({ published: 2, failed: 0 });
    expect(world.publisher.events.map(({ name }) => name)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(world.orders.pendingEventsOf(orderId)).toEqual([]);
  });

  it('decides again on the order as it is when a concurrent change wins the write', async () => {
    const { world, orderId, follow } = await setUp();
    world.orders.beforeSave = async () => {
      await createCancelOrder(world)({ orderId, customerId: 'cus-1', causationId: 'req-cancel' });
    };

    const result = await follow.PaymentCaptured(
      incoming('PaymentCaptured', { orderId, paymentId: 'pay_1', amount: total }),
    );

    expect(result).toEqual({ orderId, status: 'CANCELLED', outcome: 'RECORDED', announced: [] });
    expect(world.publisher.events.map(({ name }) => name)).toEqual(['OrderCancelled']);
    expect((await world.orders.findById(orderId))?.timeline.map(({ event }) => event)).toEqual([
      'OrderPlaced',
      'OrderCancelled',
      'PaymentCaptured',
    ]);
  });

  it('gives up with a retryable error when every attempt loses to a concurrent change', async () => {
    const world = createTestWorld();
    const orderId = await placeAnOrder(world);
    const follow = createFollowOrder({ ...world, maxAttempts: 2 });
    let interruptions = 0;
    const interrupt = async () => {
      interruptions += 1;
      // Another writer saves first (any write bumps the revision), again on every attempt.
      const stored = await world.orders.findForUpdate(orderId);
      if (stored !== undefined) await world.orders.saveWithPendingEvents(stored.order, stored.revision, []);
      world.orders.beforeSave = interrupt;
    };
    world.orders.beforeSave = interrupt;

    const attempt = follow.InventoryReserved(
      incoming('InventoryReserved', { orderId, customerId: 'cus_1', reservationId: 'r', total }),
    );

    await expect(attempt).rejects.toBeInstanceOf(ConcurrentOrderUpdateError);
    expect(interruptions).toBe(2);
  });
});
