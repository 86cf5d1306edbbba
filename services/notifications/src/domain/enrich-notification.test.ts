import { describe, expect, it } from 'vitest';
import { ADA, createTestWorld, notifiedEvent, orderSummary } from '../../test/test-world.ts';
import { createEnrichNotification } from './enrich-notification.ts';
import { OrderSummaryUnavailableError } from './errors.ts';
import type { NotifiedEvent } from './notification.ts';

describe('enrichNotification', () => {
  it('completes the event with the recipient and the order summary from orders', async () => {
    const world = createTestWorld();
    const event = notifiedEvent('OrderConfirmed');

    const request = await createEnrichNotification(world)(event);

    expect(request).toEqual({ ...event, recipient: ADA, order: orderSummary(event.data.orderId) });
  });

  it('keeps the event’s metadata at the top level, where the idempotency key is read', async () => {
    const request = await createEnrichNotification(createTestWorld())(notifiedEvent('OrderShipped'));

    expect(request.metadata.idempotencyKey).toBe('OrderShipped:4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162');
  });

  it('throws a retryable error when orders does not know the order', async () => {
    const event = notifiedEvent('OrderConfirmed');
    const unknown = { ...event, data: { ...event.data, orderId: 'ord_unknown' } } as NotifiedEvent;

    const attempt = createEnrichNotification(createTestWorld())(unknown);

    await expect(attempt).rejects.toBeInstanceOf(OrderSummaryUnavailableError);
    await expect(attempt).rejects.toMatchObject({ retryable: true, orderId: 'ord_unknown' });
  });
});
