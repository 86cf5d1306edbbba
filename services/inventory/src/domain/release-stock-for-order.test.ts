import { describe, expect, it } from 'vitest';
import { createTestWorld, orderCancelled, orderPlaced } from '../../test/test-world.ts';
import { createReleaseStockForOrder } from './release-stock-for-order.ts';
import { createReserveStockForOrder } from './reserve-stock-for-order.ts';

const total = { amount: 6200, currency: 'EUR' };
const orderId = 'ord_01JDQ0000000000000000000A1';

async function setUp(
  lines: Array<{ sku: string; quantity: number }> = [
    { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
    { sku: 'MUG-LOGO-350ML', quantity: 1 },
  ],
) {
  const world = await createTestWorld();
  world.orders.add({ orderId, customerId: 'cus-1', status: 'PLACED', lines, total });
  return {
    world,
    reserveStock: createReserveStockForOrder(world),
    releaseStock: createReleaseStockForOrder(world),
  };
}

describe('releaseStockForOrder', () => {
  it('gives back the stock of every line of a RESERVED reservation and announces InventoryReleased', async () => {
    const { world, reserveStock, releaseStock } = await setUp();
    await reserveStock(orderPlaced(orderId));
    world.publisher.clear();
    const cancellation = orderCancelled(orderId);

    const result = await releaseStock(cancellation);

    expect(result).toEqual({ orderId, outcome: 'RELEASED', reservationId: 'res_1', replayed: false });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 100, reserved: 0 });
    expect(world.stock.levelOf('MUG-LOGO-350ML')).toEqual({ available: 250, reserved: 0 });
    expect(await world.stock.findReservation(orderId)).toMatchObject({
      status: 'RELEASED',
      releasedAt: '2026-11-24T10:00:05.000Z',
    });
    expect(world.publisher.events).toHaveLength(1);
    expect(world.publisher.events[0]).toMatchObject({
      name: 'InventoryReleased',
      source: 'shop.inventory',
      detail: {
        metadata: {
          idempotencyKey: `InventoryReleased:${orderId}`,
          correlationId: cancellation.metadata.correlationId,
          causationId: cancellation.metadata.eventId,
        },
        data: { orderId, reservationId: 'res_1' },
      },
    });
  });

  it('releases once when the same OrderCancelled is delivered twice, announcing the recorded event again', async () => {
    const { world, reserveStock, releaseStock } = await setUp();
    await reserveStock(orderPlaced(orderId));
    world.publisher.clear();

    await releaseStock(orderCancelled(orderId));
    const again = await releaseStock(orderCancelled(orderId));

    expect(again).toMatchObject({ outcome: 'RELEASED', replayed: true });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 100, reserved: 0 });
    expect(world.publisher.events).toHaveLength(2);
    expect(world.publisher.events[1]).toEqual(world.publisher.events[0]);
  });

  it('announces the recorded InventoryReleased when the first publish failed after the release was written', async () => {
    const { world, reserveStock, releaseStock } = await setUp();
    await reserveStock(orderPlaced(orderId));
    world.publisher.clear();
    world.publisher.failNextPublish();
    await expect(releaseStock(orderCancelled(orderId))).rejects.toThrow();
    const recorded = await world.stock.findReservation(orderId);

    await releaseStock(orderCancelled(orderId));

    expect(world.publisher.events).toEqual([recorded?.releaseEvent]);
    expect(world.stock.levelOf('MUG-LOGO-350ML')).toEqual({ available: 250, reserved: 0 });
  });

  it('records the cancellation of an order it has not reserved for yet, and announces nothing', async () => {
    const { world, releaseStock } = await setUp();

    const result = await releaseStock(
      orderCancelled(orderId, { reason: 'CUSTOMER_REQUEST', previousStatus: 'PLACED' }),
    );

    expect(result).toEqual({ orderId, outcome: 'CANCELLATION_RECORDED', replayed: false });
    expect(await world.stock.findReservation(orderId)).toMatchObject({ status: 'CANCELLED', lines: [] });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('makes a late OrderPlaced, arriving after the cancellation, reserve nothing and announce nothing', async () => {
    const { world, reserveStock, releaseStock } = await setUp();
    await releaseStock(orderCancelled(orderId, { previousStatus: 'PLACED' }));

    const late = await reserveStock(orderPlaced(orderId));

    expect(late).toEqual({ orderId, status: 'CANCELLED', replayed: false });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 100, reserved: 0 });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('makes an OrderPlaced redelivered after the release reserve nothing again', async () => {
    const { world, reserveStock, releaseStock } = await setUp();
    await reserveStock(orderPlaced(orderId));
    await releaseStock(orderCancelled(orderId));
    world.publisher.clear();

    const redelivered = await reserveStock(orderPlaced(orderId));

    expect(redelivered).toMatchObject({ status: 'RELEASED', replayed: false });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 100, reserved: 0 });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('does nothing for an order whose reservation failed: nothing was held', async () => {
    const { world, reserveStock, releaseStock } = await setUp([{ sku: 'POSTER-LIMITED-A2', quantity: 1 }]);
    await reserveStock(orderPlaced(orderId));
    world.publisher.clear();

    const result = await releaseStock(orderCancelled(orderId, { reason: 'OUT_OF_STOCK', previousStatus: 'PLACED' }));

    expect(result).toEqual({ orderId, outcome: 'NOTHING_RESERVED', replayed: false });
    expect(await world.stock.findReservation(orderId)).toMatchObject({ status: 'FAILED' });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('releases a reservation written between its read and its cancellation record', async () => {
    const { world, reserveStock, releaseStock } = await setUp();
    const recordReservation = world.stock.recordReservation.bind(world.stock);
    world.stock.recordReservation = async (reservation) => {
      // OrderPlaced is handled at this very moment: the reservation wins the create-once write.
      world.stock.recordReservation = recordReservation;
      await reserveStock(orderPlaced(orderId));
      return recordReservation(reservation);
    };

    const result = await releaseStock(orderCancelled(orderId));

    expect(result).toMatchObject({ outcome: 'RELEASED', replayed: false });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 100, reserved: 0 });
    expect(world.publisher.events.map(({ name }) => name)).toEqual(['InventoryReserved', 'InventoryReleased']);
  });
});
