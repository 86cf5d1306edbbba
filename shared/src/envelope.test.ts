import { describe, expect, it } from 'vitest';
import { causedBy, createEvent } from './envelope.ts';
import { validateEvent } from './validate-event.ts';

const data = { orderId: 'order-1', customerId: 'cus-1', total: { amount: 23751, currency: 'EUR' }, lineCount: 3 };
const cause = { idempotencyKey: 'OrderPlaced:order-1', correlationId: 'order-1', causationId: 'req-1' };

describe('createEvent', () => {
  it('wraps data in the envelope with the latest version, the catalog source and the injected id and time', () => {
    const event = createEvent('OrderPlaced', data, cause, new Date('2026-11-24T10:00:00.000Z'), () => 'event-id-1');

    expect(event).toEqual({
      name: 'OrderPlaced',
      source: 'shop.orders',
      detail: {
        metadata: {
          eventId: 'event-id-1',
          idempotencyKey: 'OrderPlaced:order-1',
          correlationId: 'order-1',
          causationId: 'req-1',
          version: 1,
          occurredAt: '2026-11-24T10:00:00.000Z',
        },
        data,
      },
    });
  });

  it('produces a detail the catalog schema accepts, with a random uuid eventId by default', () => {
    const event = createEvent('OrderPlaced', data, cause);
    expect(() => validateEvent('OrderPlaced', 1, event.detail)).not.toThrow();
    expect(event.detail.metadata.eventId).not.toBe(createEvent('OrderPlaced', data, cause).detail.metadata.eventId);
  });
});

describe('causedBy', () => {
  it('keeps the correlation id and points causation at the causing event', () => {
    const orderPlaced = createEvent('OrderPlaced', data, cause, undefined, () => 'placed-event-id');
    expect(causedBy(orderPlaced.detail)).toEqual({ correlationId: 'order-1', causationId: 'placed-event-id' });
  });
});
