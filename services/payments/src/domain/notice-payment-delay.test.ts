import { describe, expect, it } from 'vitest';
import { createTestWorld, NOW } from '../../test/test-world.ts';
import { createNoticePaymentDelay, type WaitingPayment } from './notice-payment-delay.ts';
import { markCaptured, noteCancellation, openPayment } from './payment.ts';

const orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';
const cause = { correlationId: orderId, causationId: 'evt-reserved' };
const waiting: WaitingPayment = { orderId, waitingSince: new Date(NOW.getTime() - 90_000), cause };

function setUp(noticeAfterSeconds = 60) {
  const world = createTestWorld();
  world.payments.put(openPayment(orderId, { amount: 23751, currency: 'EUR' }, 'cus-1', NOW));
  return { world, notice: createNoticePaymentDelay({ ...world, noticeAfterSeconds }) };
}

const delayedEvents = (world: ReturnType<typeof createTestWorld>) =>
  world.publisher.events.filter((event) => event.name === 'PaymentDelayed');

describe('createNoticePaymentDelay', () => {
  it('publishes PaymentDelayed once however often the outage meets the order', async () => {
    const { world, notice } = setUp();

    const steps = [await notice(waiting), await notice(waiting), await notice(waiting)];

    expect(steps).toEqual(['NOTICE', 'ALREADY_NOTICED', 'ALREADY_NOTICED']);
    expect(delayedEvents(world)).toHaveLength(1);
    expect((await world.payments.find(orderId))?.delayNotice?.publishedAt).toBe(NOW.toISOString());
  });

  it('publishes nothing before the order has waited the threshold', async () => {
    const { world, notice } = setUp(120);

    expect(await notice(waiting)).toBe('NOT_DUE');
    expect(world.publisher.events).toHaveLength(0);
    expect((await world.payments.find(orderId))?.delayNotice).toBeUndefined();
  });

  it('lets only one of two racing deliveries record the notice', async () => {
    const { world, notice } = setUp();
    world.payments.beforeNextSave(async () => {
      await notice(waiting);
    });

    const step = await notice(waiting);

    expect(step).toBe('ALREADY_NOTICED');
    expect(delayedEvents(world)).toHaveLength(1);
  });

  it('publishes a recorded notice again, unchanged, after its publish failed', async () => {
    const { world, notice } = setUp();
    world.publisher.failNextPublish();
    await expect(notice(waiting)).rejects.toThrow();
    const recorded = (await world.payments.find(orderId))?.delayNotice?.event;

    expect(await notice(waiting)).toBe('PUBLISH_RECORDED');
    expect(await notice(waiting)).toBe('ALREADY_NOTICED');
    expect(delayedEvents(world).map((event) => event.detail.metadata.eventId)).toEqual([
      recorded?.detail.metadata.eventId,
    ]);
  });

  it('never tells about an order that is captured or cancelled', async () => {
    const { world, notice } = setUp();
    const pending = await world.payments.find(orderId);
    if (pending === undefined) throw new Error('arranged record missing');
    world.payments.put(markCaptured(pending, 'pay_1', cause, NOW));
    const cancelled = setUp();
    cancelled.world.payments.put(
      noteCancellation(pending, { eventId: 'evt-cancel', correlationId: orderId, receivedAt: NOW.toISOString() }, NOW),
    );

    expect(await notice(waiting)).toBe('SETTLED');
    expect(await cancelled.notice(waiting)).toBe('SETTLED');
    expect(delayedEvents(world)).toHaveLength(0);
    expect(delayedEvents(cancelled.world)).toHaveLength(0);
  });
});
