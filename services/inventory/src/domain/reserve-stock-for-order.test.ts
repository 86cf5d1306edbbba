import { describe, expect, it } from 'vitest';
import { createTestWorld, orderPlaced } from '../../test/test-world.ts';
import { OrderNotReadableYetError } from './errors.ts';
import { createReserveStockForOrder } from './reserve-stock-for-order.ts';

const total = { amount: 6200, currency: 'EUR' };

async function setUp(lines: Array<{ sku: string; quantity: number }>, orderId = 'ord_01JDQ0000000000000000000A1') {
  const world = await createTestWorld();
  world.orders.add({ orderId, customerId: 'cus-1', status: 'PLACED', lines, total });
  return { world, orderId, reserveStock: createReserveStockForOrder(world) };
}

describe('reserveStockForOrder', () => {
  it('reserves every line and announces InventoryReserved with the total from the read interface', async () => {
    const { world, orderId, reserveStock } = await setUp([
      { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
      { sku: 'MUG-LOGO-350ML', quantity: 1 },
    ]);

    const result = await reserveStock(orderPlaced(orderId));

    expect(result).toEqual({ orderId, status: 'RESERVED', reservationId: 'res_1', replayed: false });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 98, reserved: 2 });
    expect(world.stock.levelOf('MUG-LOGO-350ML')).toEqual({ available: 249, reserved: 1 });
    expect(world.publisher.events).toHaveLength(1);
    expect(world.publisher.events[0]).toMatchObject({
      name: 'InventoryReserved',
      source: 'shop.inventory',
      detail: { data: { orderId, reservationId: 'res_1', total } },
    });
  });

  it('copies the correlation id, takes the incoming eventId as causation and keys the event on the order', async () => {
    const { world, orderId, reserveStock } = await setUp([{ sku: 'CAP-NAVY', quantity: 1 }]);
    const incoming = orderPlaced(orderId);

    await reserveStock(incoming);

    expect(world.publisher.events[0]?.detail.metadata).toMatchObject({
      idempotencyKey: `InventoryReserved:${orderId}`,
      correlationId: incoming.metadata.correlationId,
      causationId: incoming.metadata.eventId,
      version: 2,
      occurredAt: '2026-11-24T10:00:05.000Z',
    });
  });

  it('names the customer of the order in InventoryReserved (v2), so payments need not ask orders', async () => {
    const { world, orderId, reserveStock } = await setUp([{ sku: 'CAP-NAVY', quantity: 1 }]);
    const incoming = orderPlaced(orderId);

    await reserveStock(incoming);

    expect(world.publisher.events[0]?.detail.data).toMatchObject({ orderId, customerId: incoming.data.customerId });
  });

  it('reserves nothing when one line is short and reports that SKU as OUT_OF_STOCK', async () => {
    const { world, orderId, reserveStock } = await setUp([
      { sku: 'CAP-NAVY', quantity: 3 },
      { sku: 'POSTER-LIMITED-A2', quantity: 1 },
    ]);

    const result = await reserveStock(orderPlaced(orderId));

    expect(result).toMatchObject({
      status: 'FAILED',
      shortfall: { reason: 'OUT_OF_STOCK', skus: ['POSTER-LIMITED-A2'] },
    });
    expect(world.stock.levelOf('CAP-NAVY')).toEqual({ available: 60, reserved: 0 });
    expect(world.publisher.events.map((event) => [event.name, event.detail.data])).toEqual([
      ['InventoryReservationFailed', { orderId, reason: 'OUT_OF_STOCK', skus: ['POSTER-LIMITED-A2'] }],
    ]);
    expect(world.publisher.events[0]?.detail.metadata.idempotencyKey).toBe(`InventoryReservationFailed:${orderId}`);
  });

  it('reports a SKU the catalogue does not have as UNKNOWN_SKU and reserves nothing', async () => {
    const { world, orderId, reserveStock } = await setUp([
      { sku: 'CAP-NAVY', quantity: 1 },
      { sku: 'DOES-NOT-EXIST', quantity: 1 },
    ]);

    await reserveStock(orderPlaced(orderId));

    expect(world.publisher.events[0]?.detail.data).toEqual({
      orderId,
      reason: 'UNKNOWN_SKU',
      skus: ['DOES-NOT-EXIST'],
    });
    expect(world.stock.levelOf('CAP-NAVY')).toEqual({ available: 60, reserved: 0 });
  });

  it('records a failed reservation so a later delivery answers the same even after a restock', async () => {
    const { world, orderId, reserveStock } = await setUp([{ sku: 'HOODIE-GREY-L', quantity: 41 }]);
    await reserveStock(orderPlaced(orderId));
    const [firstEvent] = world.publisher.events;

    const again = await reserveStock(orderPlaced(orderId));

    expect(again).toMatchObject({ status: 'FAILED', replayed: true });
    expect(world.publisher.events).toEqual([firstEvent, firstEvent]);
  });

  it('reserves once when the same OrderPlaced is delivered twice', async () => {
    const { world, orderId, reserveStock } = await setUp([{ sku: 'TOTE-CANVAS', quantity: 10 }]);

    const first = await reserveStock(orderPlaced(orderId));
    const second = await reserveStock(orderPlaced(orderId));

    expect(world.stock.levelOf('TOTE-CANVAS')).toEqual({ available: 70, reserved: 10 });
    expect(second).toEqual({ ...first, replayed: true });
  });

  it('announces the recorded event unchanged when the first publish failed after the reservation was written', async () => {
    const { world, orderId, reserveStock } = await setUp([{ sku: 'TOTE-CANVAS', quantity: 1 }]);
    world.publisher.failNextPublish();
    await expect(reserveStock(orderPlaced(orderId))).rejects.toThrow();
    const recorded = await world.stock.findReservation(orderId);

    await reserveStock(orderPlaced(orderId));

    expect(world.publisher.events).toEqual([recorded?.outcomeEvent]);
    expect(world.stock.levelOf('TOTE-CANVAS')).toEqual({ available: 79, reserved: 1 });
  });

  it('throws a retryable error, and changes nothing, when the order is not readable yet', async () => {
    const world = await createTestWorld();
    const reserveStock = createReserveStockForOrder(world);

    const attempt = reserveStock(orderPlaced('ord_01JDQ0000000000000000000Z9'));

    await expect(attempt).rejects.toBeInstanceOf(OrderNotReadableYetError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('takes the lines from the read interface, asking about the order of the event', async () => {
    const { world, orderId, reserveStock } = await setUp([{ sku: 'CAP-NAVY', quantity: 1 }]);

    await reserveStock(orderPlaced(orderId));

    expect(world.orders.requests).toEqual([orderId]);
  });
});
