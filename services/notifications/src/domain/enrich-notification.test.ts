import { describe, expect, it } from 'vitest';
import { ADA, createTestWorld, notifiedEvent, orderSummary } from '../../test/test-world.ts';
import { createEnrichNotification, LABEL_LINK_HOURS } from './enrich-notification.ts';
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

  it('fetches a shipped order’s label by the reference the event carries, checks it and links to it', async () => {
    const world = createTestWorld();
    const shipped = notifiedEvent('OrderShipped');
    const label = world.labels.put('shop-documents', 'labels/ord/shp.svg', '<svg>label</svg>');
    const event = { ...shipped, data: { ...shipped.data, label } } as NotifiedEvent;

    const request = await createEnrichNotification(world)(event);

    expect(request.label).toEqual({
      state: 'linked',
      url: `https://documents.example/shop-documents/labels/ord/shp.svg?expires=${LABEL_LINK_HOURS * 3600}`,
      validForHours: LABEL_LINK_HOURS,
      bytes: 16,
    });
  });

  it('sends without a link when the label is gone or is not the document the event names', async () => {
    const world = createTestWorld();
    const shipped = notifiedEvent('OrderShipped');
    const gone = world.labels.put('b', 'labels/gone.svg', 'x');
    world.labels.documents.delete('labels/gone.svg');
    const altered = { ...world.labels.put('b', 'labels/altered.svg', 'original'), sha256: '0'.repeat(64) };
    const enrich = createEnrichNotification(world);

    const withGone = await enrich({ ...shipped, data: { ...shipped.data, label: gone } } as NotifiedEvent);
    const withAltered = await enrich({ ...shipped, data: { ...shipped.data, label: altered } } as NotifiedEvent);

    expect([withGone.label, withAltered.label]).toEqual([{ state: 'missing' }, { state: 'altered' }]);
  });

  it('adds no label to a shipped order whose event names none', async () => {
    const request = await createEnrichNotification(createTestWorld())(notifiedEvent('OrderShipped'));

    expect(request.label).toBeUndefined();
  });

  it('throws a retryable error when orders does not know the order', async () => {
    const event = notifiedEvent('OrderConfirmed');
    const unknown = { ...event, data: { ...event.data, orderId: 'ord_unknown' } } as NotifiedEvent;

    const attempt = createEnrichNotification(createTestWorld())(unknown);

    await expect(attempt).rejects.toBeInstanceOf(OrderSummaryUnavailableError);
    await expect(attempt).rejects.toMatchObject({ retryable: true, orderId: 'ord_unknown' });
  });
});
