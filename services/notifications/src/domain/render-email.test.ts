import { describe, expect, it } from 'vitest';
import { notificationRequest } from '../../test/test-world.ts';
import type { NotificationRequest } from './notification.ts';
import { renderEmail } from './render-email.ts';

function cancelled(data: Partial<Extract<NotificationRequest, { eventName: 'OrderCancelled' }>['data']>) {
  const request = notificationRequest('OrderCancelled') as Extract<
    NotificationRequest,
    { eventName: 'OrderCancelled' }
  >;
  return renderEmail({ ...request, data: { ...request.data, ...data } });
}

describe('renderEmail', () => {
  it('confirms an order with the amount paid, the lines and the total', () => {
    const email = renderEmail(notificationRequest('OrderConfirmed'));

    expect(email.subject).toBe('Your order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9 is confirmed');
    expect(email.text).toBe(
      [
        'Hello Ada Lovelace,',
        '',
        'thank you for your order. We received your payment of 62.00 EUR and are getting your parcel ready.',
        '',
        'Order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9:',
        '  2 x TEE-CLASSIC-BLACK-M',
        '  1 x MUG-LOGO-350ML',
        'Total: 62.00 EUR',
        '',
        'We will write again when it ships.',
        '',
        '-- ',
        'The shop',
        '',
      ].join('\n'),
    );
  });

  it('tells the customer a delayed order waits on the payment provider, safe and with nothing to do', () => {
    const email = renderEmail(notificationRequest('OrderDelayed'));

    expect(email.subject).toBe('Your order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9 is delayed');
    expect(email.text).toBe(
      [
        'Hello Ada Lovelace,',
        '',
        'your order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9 is taking a little longer than usual: your payment is waiting on our payment provider, which is not answering at the moment.',
        '',
        'Nothing is lost: your order is safe with us, and the payment will go through as soon as the provider is back. There is nothing you need to do.',
        '',
        'Order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9:',
        '  2 x TEE-CLASSIC-BLACK-M',
        '  1 x MUG-LOGO-350ML',
        'Total: 62.00 EUR',
        '',
        'We will write again once your payment has gone through, and when your order ships.',
        '',
        '-- ',
        'The shop',
        '',
      ].join('\n'),
    );
  });

  it('tells the carrier and the tracking number of a shipped order', () => {
    const email = renderEmail(notificationRequest('OrderShipped'));

    expect(email.subject).toBe('Your order 4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162 has shipped');
    expect(email.text).toContain('your parcel is on its way with PARCELNET.');
    expect(email.text).toContain('Tracking number: PN7382049165EU');
  });

  it('links the shipping label when the enrichment found it intact, with how long the link works', () => {
    const request = {
      ...notificationRequest('OrderShipped'),
      label: { state: 'linked', url: 'https://documents.example/label.svg?sig=1', validForHours: 24, bytes: 3187 },
    } as NotificationRequest;

    const email = renderEmail(request);

    expect(email.text).toContain(
      "Your parcel's shipping label (3 KB, for your records or a return), downloadable for 24 hours: https://documents.example/label.svg?sig=1",
    );
  });

  it('says nothing of a label the enrichment could not find', () => {
    const request = { ...notificationRequest('OrderShipped'), label: { state: 'missing' } } as NotificationRequest;

    expect(renderEmail(request).text).not.toContain('label');
  });

  it('greets without a name when the customer gave none', () => {
    const email = renderEmail(notificationRequest('OrderShipped', { recipient: { email: 'anon@example.com' } }));

    expect(email.text.startsWith('Hello,\n')).toBe(true);
  });

  it('says a paid order was charged and is being refunded when it is cancelled', () => {
    const email = cancelled({ reason: 'CUSTOMER_REQUEST', previousStatus: 'PAID' });

    expect(email.subject).toBe('Your order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9 is cancelled');
    expect(email.text).toContain('is cancelled because you asked us to cancel it.');
    expect(email.text).toContain('You were charged 62.00 EUR for it: we are refunding it in full');
  });

  it('never promises "not charged" for an unpaid order: a charge may have been under way', () => {
    const email = cancelled({ reason: 'CUSTOMER_REQUEST', previousStatus: 'RESERVED' });

    expect(email.text).toContain('We had not taken any payment for it when it was cancelled.');
    expect(email.text).toContain('If a payment was already under way, it will be refunded in full');
    expect(email.text).not.toMatch(/not been charged|were charged/);
  });

  it('tells of a refund, with its amount, when payments has refunded one', () => {
    const email = renderEmail(notificationRequest('PaymentRefunded'));

    expect(email.subject).toBe('Your payment for order 4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162 is refunded');
    expect(email.text).toContain(
      'we have refunded the 237.51 EUR you paid for order 4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162, in full',
    );
  });

  it('explains every cancellation reason in words', () => {
    for (const reason of [
      'OUT_OF_STOCK',
      'UNKNOWN_SKU',
      'PAYMENT_DECLINED',
      'FULFILLMENT_FAILED',
      'CUSTOMER_REQUEST',
    ] as const) {
      expect(cancelled({ reason }).text, reason).not.toMatch(/because (undefined|[A-Z_]+)\./);
    }
  });
});
