import { describe, expect, it } from 'vitest';
import { createTestWorld, ORDER_ID } from '../../test/test-world.ts';

const request = { orderId: ORDER_ID };

async function shippedWorld() {
  const world = createTestWorld();
  await world.tasks.allocateStock(request);
  const booking = await world.tasks.bookCarrier(request);
  const label = await world.tasks.createLabel(request);
  return { world, booking, label };
}

describe('compensations', () => {
  it('void the label, cancel the booking and release the allocation, recording each as undone', async () => {
    const { world, booking, label } = await shippedWorld();

    const results = [
      await world.tasks.voidLabel(request),
      await world.tasks.cancelCarrierBooking(request),
      await world.tasks.releaseAllocation(request),
    ];

    expect(results.map((result) => result.outcome)).toEqual(['UNDONE', 'UNDONE', 'UNDONE']);
    expect(world.labels.voided).toEqual([label.shipmentId]);
    expect(world.documents.objects.has(String(label.document?.key))).toBe(false);
    expect(world.carrier.cancelled).toEqual([booking.bookingId]);
    const record = await world.repository.find(ORDER_ID);
    expect(record?.steps.ALLOCATE_STOCK?.undoneAt).toBe('2026-11-24T10:15:40.000Z');
    expect(record?.compensatingSince).toBe('2026-11-24T10:15:40.000Z');
  });

  it('undo a step once when they run again (a retry or a re-run execution)', async () => {
    const { world } = await shippedWorld();
    await world.tasks.cancelCarrierBooking(request);

    const again = await world.tasks.cancelCarrierBooking(request);

    expect(again).toEqual({ step: 'BOOK_CARRIER', outcome: 'ALREADY_UNDONE' });
    expect(world.carrier.cancelled).toHaveLength(1);
  });

  it('have nothing to undo for a step that never completed, and still stop the saga going forward', async () => {
    const world = createTestWorld();

    const result = await world.tasks.releaseAllocation(request);

    expect(result).toEqual({ step: 'ALLOCATE_STOCK', outcome: 'NOTHING_TO_UNDO' });
    await expect(world.tasks.allocateStock(request)).rejects.toThrow('being undone');
  });
});
