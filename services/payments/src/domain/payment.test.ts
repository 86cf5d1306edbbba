import { describe, expect, it } from 'vitest';
import {
  type CancellationNote,
  decideOnCancellation,
  decideOnDelay,
  decideOnReservation,
  markCaptured,
  markDelayNoticed,
  markDelayNoticePublished,
  markRefunded,
  noteCancellation,
  openPayment,
  type PaymentRecord,
  type PaymentStatus,
  recordCancellation,
} from './payment.ts';

const now = new Date('2026-11-24T10:15:32.000Z');
const later = new Date('2026-11-24T10:20:00.000Z');
const total = { amount: 23751, currency: 'EUR' };
const note: CancellationNote = { eventId: 'evt-cancel', correlationId: 'corr-1', receivedAt: later.toISOString() };
const cause = { correlationId: 'corr-1', causationId: 'evt-reserved' };

function recordIn(status: PaymentStatus, cancelled = false): PaymentRecord {
  return {
    ...openPayment('ord-1', total, 'cus-1', now),
    status,
    ...(status === 'CAPTURED' || status === 'REFUNDED' ? { paymentId: 'pay_1' } : {}),
    ...(cancelled ? { cancellation: note } : {}),
  };
}

describe('decideOnReservation', () => {
  it.each([
    ['PENDING', false, 'CHARGE'],
    ['PENDING', true, 'DECLINE_CANCELLED'],
    ['CANCELLED', true, 'DECLINE_CANCELLED'],
    ['CAPTURED', false, 'ANNOUNCE_RECORDED'],
    ['CAPTURED', true, 'REFUND'],
    ['DECLINED', false, 'ANNOUNCE_RECORDED'],
    ['REFUNDED', true, 'ANNOUNCE_RECORDED'],
  ] as const)('answers a %s record (cancellation noted: %s) with %s', (status, cancelled, step) => {
    expect(decideOnReservation(recordIn(status, cancelled))).toBe(step);
  });

  it('never charges an order whose payment is settled or cancelled', () => {
    const settled: PaymentStatus[] = ['CAPTURED', 'DECLINED', 'REFUNDED', 'CANCELLED'];

    expect(settled.map((status) => decideOnReservation(recordIn(status)))).not.toContain('CHARGE');
  });
});

describe('decideOnCancellation', () => {
  it.each([
    ['PENDING', false, 'NOTE_ON_PENDING'],
    ['PENDING', true, 'NOTHING'],
    ['CAPTURED', false, 'REFUND'],
    ['CAPTURED', true, 'REFUND'],
    ['REFUNDED', true, 'ANNOUNCE_RECORDED'],
    ['DECLINED', false, 'NOTHING'],
    ['CANCELLED', true, 'NOTHING'],
  ] as const)('answers a %s record (cancellation noted: %s) with %s', (status, cancelled, step) => {
    expect(decideOnCancellation(recordIn(status, cancelled))).toBe(step);
  });
});

describe('payment record transitions', () => {
  it('opens a charge at revision 1 and bumps the revision on every change', () => {
    const opened = openPayment('ord-1', total, 'cus-1', now);
    const noted = noteCancellation(opened, note, later);

    expect(opened).toMatchObject({ status: 'PENDING', revision: 1, createdAt: now.toISOString() });
    expect(noted).toMatchObject({ status: 'PENDING', revision: 2, cancellation: note, updatedAt: later.toISOString() });
  });

  it('records what it will announce, so a redelivery announces the same event', () => {
    const captured = markCaptured(openPayment('ord-1', total, 'cus-1', now), 'pay_1', cause, now);

    expect(captured.outcomeEvent).toMatchObject({
      name: 'PaymentCaptured',
      detail: {
        metadata: { idempotencyKey: 'PaymentCaptured:ord-1', causationId: 'evt-reserved' },
        data: { orderId: 'ord-1', paymentId: 'pay_1', amount: total },
      },
    });
  });

  it('refunds the captured amount and payment', () => {
    const captured = markCaptured(openPayment('ord-1', total, 'cus-1', now), 'pay_1', cause, now);

    const refunded = markRefunded(captured, { correlationId: 'corr-1', causationId: 'evt-cancel' }, later);

    expect(refunded).toMatchObject({ status: 'REFUNDED', revision: 3 });
    expect(refunded.outcomeEvent?.detail.data).toEqual({ orderId: 'ord-1', paymentId: 'pay_1', amount: total });
  });

  it('refuses to refund a record that was never captured', () => {
    expect(() => markRefunded(recordCancellation('ord-1', note, now), cause, now)).toThrow('no amount');
  });
});

describe('decideOnDelay', () => {
  const waitingSince = new Date(now.getTime() - 60_000);
  const facts = { waitingSince, now, noticeAfterSeconds: 60 };
  const noticed = markDelayNoticed(recordIn('PENDING'), waitingSince, cause, now);

  it('notices an open charge that has waited exactly the threshold', () => {
    expect(decideOnDelay(recordIn('PENDING'), facts)).toBe('NOTICE');
  });

  it('does not notice an open charge that has waited less than the threshold', () => {
    expect(decideOnDelay(recordIn('PENDING'), { ...facts, noticeAfterSeconds: 61 })).toBe('NOT_DUE');
  });

  it('never notices twice once the notice is published', () => {
    expect(decideOnDelay(markDelayNoticePublished(noticed, later), facts)).toBe('ALREADY_NOTICED');
  });

  it('publishes a recorded notice the bus never took', () => {
    expect(decideOnDelay(noticed, facts)).toBe('PUBLISH_RECORDED');
  });

  it.each([
    ['PENDING', true],
    ['CAPTURED', false],
    ['DECLINED', false],
    ['REFUNDED', true],
    ['CANCELLED', true],
  ] as const)('never notices a %s record (cancellation noted: %s)', (status, cancelled) => {
    expect(decideOnDelay(recordIn(status, cancelled), facts)).toBe('SETTLED');
  });

  it('never notices an order payments has no record of', () => {
    expect(decideOnDelay(undefined, facts)).toBe('SETTLED');
  });
});

describe('markDelayNoticed', () => {
  it('records PaymentDelayed with a stable idempotency key, the cause and when the wait began', () => {
    const waitingSince = new Date('2026-11-24T10:14:00.000Z');

    const noticed = markDelayNoticed(recordIn('PENDING'), waitingSince, cause, later);

    expect(noticed.revision).toBe(2);
    expect(noticed.status).toBe('PENDING');
    expect(noticed.delayNotice?.publishedAt).toBeUndefined();
    expect(noticed.delayNotice?.event).toMatchObject({
      name: 'PaymentDelayed',
      source: 'shop.payments',
      detail: {
        metadata: { idempotencyKey: 'PaymentDelayed:ord-1', correlationId: 'corr-1', causationId: 'evt-reserved' },
        data: { orderId: 'ord-1', reason: 'PROVIDER_UNAVAILABLE', waitingSince: '2026-11-24T10:14:00.000Z' },
      },
    });
  });
});
