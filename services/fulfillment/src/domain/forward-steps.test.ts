import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestWorld, ORDER_ID } from '../../test/test-world.ts';
import { InjectedFaultError, OrderCancelledError, SagaCompensatingError, StepOutOfOrderError } from './errors.ts';

const request = { orderId: ORDER_ID };
const cancellation = { recordedAt: '2026-11-24T10:15:39.000Z', reason: 'CUSTOMER_REQUEST', eventId: 'evt-1' };

describe('allocateStock', () => {
  it('allocates and records the allocation with its completion time', async () => {
    const world = createTestWorld();

    const result = await world.tasks.allocateStock(request);

    expect(result).toEqual({ allocationId: 'alc_1', completedAt: '2026-11-24T10:15:40.000Z', replayed: false });
    expect((await world.repository.find(ORDER_ID))?.steps.ALLOCATE_STOCK?.allocationId).toBe('alc_1');
  });

  it('allocates once when the task runs again (a retry or a re-run execution)', async () => {
    const world = createTestWorld();

    await world.tasks.allocateStock(request);
    const again = await world.tasks.allocateStock(request);

    expect(again).toMatchObject({ allocationId: 'alc_1', replayed: true });
  });

  it('fails with InjectedFaultError while the fault switch names the step, recording nothing', async () => {
    const world = createTestWorld();
    world.faults.set({ failStep: 'ALLOCATE_STOCK' });

    await expect(world.tasks.allocateStock(request)).rejects.toThrow(InjectedFaultError);
    expect(await world.repository.find(ORDER_ID)).toBeUndefined();
  });

  it('fails with OrderCancelledError when the order was cancelled before the saga started', async () => {
    const world = createTestWorld();
    await world.repository.recordCancellation(ORDER_ID, cancellation);

    await expect(world.tasks.allocateStock(request)).rejects.toThrow(OrderCancelledError);
  });

  it('fails with SagaCompensatingError once compensation has begun', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    await world.tasks.releaseAllocation(request);

    await expect(world.tasks.allocateStock(request)).rejects.toThrow(SagaCompensatingError);
  });
});

describe('bookCarrier', () => {
  it('books the carrier and returns the carrier and tracking number', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);

    const result = await world.tasks.bookCarrier(request);

    expect(result).toMatchObject({ carrier: 'PARCELNET', replayed: false });
    expect(result.trackingNumber).toMatch(/^PN\d{10}EU$/);
  });

  it('cancels the booking it just made when a cancellation wins the race to the record', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    world.repository.beforeRecordStep = () => world.repository.recordCancellation(ORDER_ID, cancellation);

    await expect(world.tasks.bookCarrier(request)).rejects.toThrow(OrderCancelledError);
    expect(world.carrier.cancelled).toHaveLength(1);
    expect((await world.repository.find(ORDER_ID))?.steps.BOOK_CARRIER).toBeUndefined();
  });
});

describe('createLabel', () => {
  it('creates the label for the recorded booking', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    await world.tasks.bookCarrier(request);

    const result = await world.tasks.createLabel(request);

    expect(result.shipmentId).toMatch(/^shp_[0-9a-f]{24}$/);
  });

  it('keeps the label document in the documents store and records its reference, size and SHA-256', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    const booking = await world.tasks.bookCarrier(request);

    const result = await world.tasks.createLabel(request);

    const key = `labels/${ORDER_ID}/${result.shipmentId}.svg`;
    const stored = world.documents.objects.get(key);
    expect(stored?.contentType).toBe('image/svg+xml');
    expect(stored?.body).toContain(booking.trackingNumber);
    expect(result.document).toEqual({
      bucket: world.documents.bucket,
      key,
      contentType: 'image/svg+xml',
      bytes: Buffer.byteLength(stored?.body ?? ''),
      sha256: createHash('sha256')
        .update(stored?.body ?? '')
        .digest('hex'),
    });
    expect((await world.repository.find(ORDER_ID))?.steps.CREATE_LABEL?.document).toEqual(result.document);
  });

  it('refuses to run before BOOK_CARRIER completed', async () => {
    const world = createTestWorld();

    await expect(world.tasks.createLabel(request)).rejects.toThrow(StepOutOfOrderError);
  });

  it('fails with OrderCancelledError when the order was cancelled after the booking', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    await world.tasks.bookCarrier(request);
    await world.repository.recordCancellation(ORDER_ID, cancellation);

    await expect(world.tasks.createLabel(request)).rejects.toThrow(OrderCancelledError);
    expect(world.labels.voided).toEqual([]);
    expect(world.documents.objects.size).toBe(0);
  });
});
