import { describe, expect, it } from 'vitest';
import { CUSTOMER_ID, createTestWorld, inventoryReserved, NOW, orderCancelled } from '../../test/test-world.ts';
import { createCancelPaymentForOrder } from './cancel-payment-for-order.ts';
import { createCapturePaymentForOrder } from './capture-payment-for-order.ts';
import { ProviderUnavailableError } from './errors.ts';
import { markDeclined, openPayment } from './payment.ts';

const orderId = '4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162';
const total = { amount: 23751, currency: 'EUR' };

function setUp() {
  const world = createTestWorld();
  return {
    world,
    capture: createCapturePaymentForOrder(world),
    cancel: createCancelPaymentForOrder(world),
    announced: () => world.publisher.events.map((event) => [event.name, event.detail.data]),
  };
}

describe('capturePaymentForOrder', () => {
  it("charges the reserved total to the order's customer and announces PaymentCaptured", async () => {
    const { world, capture } = setUp();

    const result = await capture(inventoryReserved(orderId));

    expect(world.provider.captures).toEqual([
      { idempotencyKey: `capture:${orderId}`, orderId, customerId: CUSTOMER_ID, amount: total },
    ]);
    const paymentId = result.paymentId;
    expect(paymentId).toMatch(/^pay_[0-9a-f]{24}$/);
    expect(result).toEqual({ orderId, status: 'CAPTURED', paymentId, announced: 'PaymentCaptured', replayed: false });
    expect(world.publisher.events).toHaveLength(1);
    expect(world.publisher.events[0]).toMatchObject({
      name: 'PaymentCaptured',
      source: 'shop.payments',
      detail: { data: { orderId, paymentId, amount: total } },
    });
  });

  it('keys the event on the order, copies the correlation id and takes the reservation as its cause', async () => {
    const { world, capture } = setUp();
    const incoming = inventoryReserved(orderId);

    await capture(incoming);

    expect(world.publisher.events[0]?.detail.metadata).toMatchObject({
      idempotencyKey: `PaymentCaptured:${orderId}`,
      correlationId: incoming.metadata.correlationId,
      causationId: incoming.metadata.eventId,
      occurredAt: NOW.toISOString(),
      version: 1,
    });
  });

  it('charges once and re-announces the identical event when the same reservation is delivered twice', async () => {
    const { world, capture } = setUp();

    const first = await capture(inventoryReserved(orderId));
    const second = await capture(inventoryReserved(orderId));

    expect(world.provider.captures).toHaveLength(1);
    expect(second).toEqual({ ...first, replayed: true });
    const [event, again] = world.publisher.events;
    expect(again).toEqual(event);
  });

  it('announces PaymentDeclined(CARD_DECLINED) for a customer the provider declines, and takes nothing', async () => {
    const { world, capture, announced } = setUp();
    world.provider.settings.declineCustomerIds = [CUSTOMER_ID];

    const result = await capture(inventoryReserved(orderId));

    expect(result).toMatchObject({ status: 'DECLINED', declineReason: 'CARD_DECLINED' });
    expect(announced()).toEqual([['PaymentDeclined', { orderId, reason: 'CARD_DECLINED' }]]);
  });

  it('lets a provider outage propagate with the charge left open, and charges it once the provider is back', async () => {
    const { world, capture, announced } = setUp();
    world.provider.outage();

    const attempt = capture(inventoryReserved(orderId));

    await expect(attempt).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(await world.payments.find(orderId)).toMatchObject({ status: 'PENDING', amount: total });
    expect(world.publisher.events).toHaveLength(0);

    world.provider.up();
    await capture(inventoryReserved(orderId));

    expect(world.provider.captures).toHaveLength(1);
    expect(announced().map(([name]) => name)).toEqual(['PaymentCaptured']);
  });

  it('charges the customer the event names, without asking orders', async () => {
    const { world, capture } = setUp();

    await capture(inventoryReserved(orderId, 23751, 'cus-named-by-inventory'));

    expect(world.provider.captures.map((request) => request.customerId)).toEqual(['cus-named-by-inventory']);
  });

  it('declines with ORDER_CANCELLED, without asking the provider, when the cancellation arrived first', async () => {
    const { world, capture, cancel, announced } = setUp();
    await cancel(orderCancelled(orderId));

    const result = await capture(inventoryReserved(orderId));

    expect(result).toMatchObject({ status: 'DECLINED', declineReason: 'ORDER_CANCELLED', replayed: false });
    expect(world.provider.captures).toHaveLength(0);
    expect(announced()).toEqual([['PaymentDeclined', { orderId, reason: 'ORDER_CANCELLED' }]]);
  });

  it('never charges an order cancelled while its charge waited out a provider outage', async () => {
    const { world, capture, cancel, announced } = setUp();
    world.provider.outage();
    await expect(capture(inventoryReserved(orderId))).rejects.toBeInstanceOf(ProviderUnavailableError);
    await cancel(orderCancelled(orderId));
    world.provider.up();

    await capture(inventoryReserved(orderId));

    expect(world.provider.captures).toHaveLength(0);
    expect(announced()).toEqual([['PaymentDeclined', { orderId, reason: 'ORDER_CANCELLED' }]]);
  });

  it('refunds at once, and announces only PaymentRefunded, when the cancellation lands while the provider charges', async () => {
    const { world, capture, cancel, announced } = setUp();
    world.provider.whileNextCaptureAnswers(async () => {
      await cancel(orderCancelled(orderId));
    });

    const result = await capture(inventoryReserved(orderId));

    expect(world.provider.captures).toHaveLength(1);
    expect(world.provider.refunds).toEqual([
      { idempotencyKey: `refund:${orderId}`, orderId, paymentId: result.paymentId, amount: total },
    ]);
    expect(result).toMatchObject({ status: 'REFUNDED', announced: 'PaymentRefunded' });
    expect(announced()).toEqual([['PaymentRefunded', { orderId, paymentId: result.paymentId, amount: total }]]);
    expect(world.publisher.events[0]?.detail.metadata.causationId).toBe(orderCancelled(orderId).metadata.eventId);
  });

  it('refunds a charge that another delivery settled without it, so the customer never pays for nothing', async () => {
    const { world, capture } = setUp();
    world.provider.whileNextCaptureAnswers(async () => {
      const open = await world.payments.find(orderId);
      if (open)
        world.payments.put(markDeclined(open, 'ORDER_CANCELLED', { correlationId: 'c', causationId: 'e' }, NOW));
    });

    const result = await capture(inventoryReserved(orderId));

    expect(result).toMatchObject({ status: 'DECLINED', declineReason: 'ORDER_CANCELLED', replayed: true });
    expect(world.provider.refunds).toHaveLength(1);
    expect(world.provider.refunds[0]?.paymentId).toMatch(/^pay_/);
  });

  it('takes over a charge a racing delivery opened first, with the same provider key', async () => {
    const { world, capture } = setUp();
    world.payments.beforeNextSave(() => {
      world.payments.put(openPayment(orderId, total, CUSTOMER_ID, NOW));
    });

    const result = await capture(inventoryReserved(orderId));

    expect(world.payments.saves.map(({ status, answer }) => [status, answer])).toEqual([
      ['PENDING', 'CONFLICT'],
      ['CAPTURED', 'SAVED'],
    ]);
    expect(world.provider.captures.map(({ idempotencyKey }) => idempotencyKey)).toEqual([`capture:${orderId}`]);
    expect(result.status).toBe('CAPTURED');
  });

  it('announces the recorded event unchanged when the first publish failed after the capture was written', async () => {
    const { world, capture } = setUp();
    world.publisher.failNextPublish();
    await expect(capture(inventoryReserved(orderId))).rejects.toThrow();
    const recorded = await world.payments.find(orderId);

    await capture(inventoryReserved(orderId));

    expect(world.publisher.events).toEqual([recorded?.outcomeEvent]);
    expect(world.provider.captures).toHaveLength(1);
  });
});
