import { describe, expect, it } from 'vitest';
import { CUSTOMER_ID, createTestWorld, inventoryReserved, orderCancelled } from '../../test/test-world.ts';
import { createCancelPaymentForOrder } from './cancel-payment-for-order.ts';
import { createCapturePaymentForOrder } from './capture-payment-for-order.ts';
import { ProviderUnavailableError } from './errors.ts';

const orderId = '4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162';
const total = { amount: 23751, currency: 'EUR' };

function setUp() {
  const world = createTestWorld();
  return {
    world,
    capture: createCapturePaymentForOrder(world),
    cancel: createCancelPaymentForOrder(world),
    names: () => world.publisher.events.map((event) => event.name),
  };
}

describe('cancelPaymentForOrder', () => {
  it('refunds a captured payment and announces PaymentRefunded caused by the cancellation', async () => {
    const { world, capture, cancel, names } = setUp();
    const { paymentId } = await capture(inventoryReserved(orderId));
    const cancellation = orderCancelled(orderId, 'FULFILLMENT_FAILED');

    const result = await cancel(cancellation);

    expect(world.provider.refunds).toEqual([
      { idempotencyKey: `refund:${orderId}`, orderId, paymentId, amount: total },
    ]);
    expect(result).toMatchObject({ status: 'REFUNDED', announced: 'PaymentRefunded', replayed: false });
    expect(names()).toEqual(['PaymentCaptured', 'PaymentRefunded']);
    expect(world.publisher.events[1]?.detail).toMatchObject({
      metadata: {
        idempotencyKey: `PaymentRefunded:${orderId}`,
        correlationId: cancellation.metadata.correlationId,
        causationId: cancellation.metadata.eventId,
      },
      data: { orderId, paymentId, amount: total },
    });
  });

  it('refunds once and re-announces the identical PaymentRefunded when the cancellation is delivered twice', async () => {
    const { world, capture, cancel } = setUp();
    await capture(inventoryReserved(orderId));

    await cancel(orderCancelled(orderId));
    const again = await cancel(orderCancelled(orderId));

    expect(world.provider.refunds).toHaveLength(1);
    expect(again).toMatchObject({ status: 'REFUNDED', replayed: true });
    expect(world.publisher.events[2]).toEqual(world.publisher.events[1]);
  });

  it('records the cancellation of an order it has not heard of, and announces nothing', async () => {
    const { world, cancel } = setUp();

    const result = await cancel(orderCancelled(orderId, 'OUT_OF_STOCK'));

    expect(result).toEqual({ orderId, status: 'CANCELLED', replayed: false });
    expect(await world.payments.find(orderId)).toMatchObject({
      status: 'CANCELLED',
      cancellation: { eventId: orderCancelled(orderId).metadata.eventId },
    });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('notes the cancellation on a charge waiting for the provider, and announces nothing yet', async () => {
    const { world, capture, cancel } = setUp();
    world.provider.outage();
    await expect(capture(inventoryReserved(orderId))).rejects.toThrow();

    const result = await cancel(orderCancelled(orderId));

    expect(result).toMatchObject({ status: 'PENDING', replayed: false });
    expect(await world.payments.find(orderId)).toMatchObject({ status: 'PENDING', cancellation: expect.any(Object) });
    expect(world.publisher.events).toHaveLength(0);
  });

  it('does nothing for an order whose payment was declined', async () => {
    const { world, capture, cancel, names } = setUp();
    world.provider.settings.declineCustomerIds = [CUSTOMER_ID];
    await capture(inventoryReserved(orderId));

    const result = await cancel(orderCancelled(orderId, 'PAYMENT_DECLINED'));

    expect(result).toMatchObject({ status: 'DECLINED', replayed: true });
    expect(world.provider.refunds).toHaveLength(0);
    expect(names()).toEqual(['PaymentDeclined']);
  });

  it('keeps the cancellation through a provider outage, so a later delivery of either event refunds once', async () => {
    const { world, capture, cancel, names } = setUp();
    await capture(inventoryReserved(orderId));
    world.provider.outage();

    await expect(cancel(orderCancelled(orderId))).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(await world.payments.find(orderId)).toMatchObject({ status: 'CAPTURED', cancellation: expect.any(Object) });

    world.provider.up();
    await capture(inventoryReserved(orderId));
    await cancel(orderCancelled(orderId));

    expect(world.provider.refunds).toHaveLength(1);
    expect(names()).toEqual(['PaymentCaptured', 'PaymentRefunded', 'PaymentRefunded']);
  });
});
