import { validateEvent } from '@shop/shared/validate-event';
import { describe, expect, it } from 'vitest';
import { createTestWorld, ORDER_ID, PAYMENT_CAPTURED_EVENT_ID, sagaInput } from '../../test/test-world.ts';
import { OutcomeConflictError, StepOutOfOrderError } from './errors.ts';

const request = { orderId: ORDER_ID };

describe('buildOutcomeEvent', () => {
  it('builds OrderShipped from the recorded booking and label, caused by the PaymentCaptured', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    const booking = await world.tasks.bookCarrier(request);
    const label = await world.tasks.createLabel(request);

    const event = await world.tasks.buildOutcomeEvent({ outcome: 'OrderShipped', saga: sagaInput() });

    expect(event.name).toBe('OrderShipped');
    expect(event.source).toBe('shop.fulfillment');
    expect(event.detail.data).toEqual({
      orderId: ORDER_ID,
      shipmentId: label.shipmentId,
      carrier: booking.carrier,
      trackingNumber: booking.trackingNumber,
      label: label.document,
    });
    expect(event.detail.metadata).toMatchObject({
      idempotencyKey: `OrderShipped:${ORDER_ID}`,
      correlationId: ORDER_ID,
      causationId: PAYMENT_CAPTURED_EVENT_ID,
      occurredAt: '2026-11-24T10:15:40.000Z',
    });
    expect(() => validateEvent('OrderShipped', 1, event.detail)).not.toThrow();
  });

  it('returns the recorded event unchanged when asked again, so a re-run publishes the same eventId', async () => {
    const world = createTestWorld();
    const failed = {
      outcome: 'FulfillmentFailed' as const,
      saga: { ...sagaInput(), failedStep: 'BOOK_CARRIER' as const },
    };

    const first = await world.tasks.buildOutcomeEvent(failed);
    const again = await world.tasks.buildOutcomeEvent(failed);

    expect(again).toEqual(first);
  });

  it.each([
    ['OrderCancelledError', 'ORDER_CANCELLED'],
    ['InjectedFaultError', 'STEP_FAILED'],
    ['States.Timeout', 'STEP_TIMED_OUT'],
  ] as const)('announces FulfillmentFailed with the failed step and, for %s, reason %s', async (error, reason) => {
    const world = createTestWorld();
    const saga = { ...sagaInput(), failedStep: 'CREATE_LABEL' as const, failure: { Error: error } };

    const event = await world.tasks.buildOutcomeEvent({ outcome: 'FulfillmentFailed', saga });

    expect(event.detail.data).toEqual({ orderId: ORDER_ID, failedStep: 'CREATE_LABEL', reason });
    expect(() => validateEvent('FulfillmentFailed', 1, event.detail)).not.toThrow();
  });

  it('refuses to announce OrderShipped for an order that already announced FulfillmentFailed', async () => {
    const world = createTestWorld();
    await world.tasks.buildOutcomeEvent({
      outcome: 'FulfillmentFailed',
      saga: { ...sagaInput(), failedStep: 'ALLOCATE_STOCK' },
    });

    await expect(world.tasks.buildOutcomeEvent({ outcome: 'OrderShipped', saga: sagaInput() })).rejects.toThrow(
      OutcomeConflictError,
    );
  });

  it('refuses to announce OrderShipped before the label exists', async () => {
    const world = createTestWorld();
    await world.tasks.allocateStock(request);
    await world.tasks.bookCarrier(request);

    await expect(world.tasks.buildOutcomeEvent({ outcome: 'OrderShipped', saga: sagaInput() })).rejects.toThrow(
      StepOutOfOrderError,
    );
  });
});
