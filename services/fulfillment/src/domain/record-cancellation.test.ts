import { describe, expect, it } from 'vitest';
import { createTestWorld, ORDER_ID, orderCancelled } from '../../test/test-world.ts';
import { createRecordCancellation } from './record-cancellation.ts';

const request = { orderId: ORDER_ID };

function setUp() {
  const world = createTestWorld();
  return { world, recordCancellation: createRecordCancellation(world) };
}

describe('recordCancellation', () => {
  it('records the cancellation of an order that has not shipped, so its next step fails', async () => {
    const { world, recordCancellation } = setUp();
    await world.tasks.allocateStock(request);

    const result = await recordCancellation(orderCancelled());

    expect(result).toEqual({ orderId: ORDER_ID, outcome: 'RECORDED' });
    expect((await world.repository.find(ORDER_ID))?.cancellation).toEqual({
      recordedAt: '2026-11-24T10:15:40.000Z',
      reason: 'CUSTOMER_REQUEST',
      eventId: '9d1b3f5a-7c2e-4a6b-8e0d-2f4a6c8e0b13',
    });
    await expect(world.tasks.bookCarrier(request)).rejects.toThrow('was cancelled');
  });

  it('records a cancellation that arrives before the saga started, so the saga stops at its first step', async () => {
    const { world, recordCancellation } = setUp();

    await recordCancellation(orderCancelled());

    await expect(world.tasks.allocateStock(request)).rejects.toThrow('was cancelled');
  });

  it('is too late once the label exists: nothing is recorded and the order ships', async () => {
    const { world, recordCancellation } = setUp();
    await world.tasks.allocateStock(request);
    await world.tasks.bookCarrier(request);
    await world.tasks.createLabel(request);

    const result = await recordCancellation(orderCancelled());

    expect(result.outcome).toBe('TOO_LATE');
    expect((await world.repository.find(ORDER_ID))?.cancellation).toBeUndefined();
  });

  it('answers ALREADY_RECORDED for a second OrderCancelled of the same order', async () => {
    const { recordCancellation } = setUp();
    await recordCancellation(orderCancelled());

    expect(await recordCancellation(orderCancelled(ORDER_ID, 'FULFILLMENT_FAILED'))).toEqual({
      orderId: ORDER_ID,
      outcome: 'ALREADY_RECORDED',
    });
  });

  it('is too late when the label is written between its read and its write', async () => {
    const { world, recordCancellation } = setUp();
    await world.tasks.allocateStock(request);
    await world.tasks.bookCarrier(request);
    world.repository.beforeRecordCancellation = () => world.tasks.createLabel(request);

    expect((await recordCancellation(orderCancelled())).outcome).toBe('TOO_LATE');
    expect((await world.repository.find(ORDER_ID))?.cancellation).toBeUndefined();
  });
});
