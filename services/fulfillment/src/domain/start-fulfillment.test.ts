import { describe, expect, it } from 'vitest';
import { ORDER_ID, PAYMENT_CAPTURED_EVENT_ID, paymentCaptured } from '../../test/test-world.ts';
import { InMemorySagaStarter } from '../adapters/in-memory-saga-starter.ts';
import { createStartFulfillment } from './start-fulfillment.ts';

describe('startFulfillment', () => {
  it('starts one execution named after the order, with the order, the payment and the cause', async () => {
    const saga = new InMemorySagaStarter();

    const result = await createStartFulfillment({ saga })(paymentCaptured());

    expect(result).toEqual({ orderId: ORDER_ID, executionName: ORDER_ID, outcome: 'STARTED' });
    expect(saga.executions.get(ORDER_ID)).toEqual({
      orderId: ORDER_ID,
      paymentId: 'pay_7f3a9c21',
      correlationId: ORDER_ID,
      causationId: PAYMENT_CAPTURED_EVENT_ID,
    });
  });

  it('treats a second PaymentCaptured of the same order as already started, starting nothing', async () => {
    const saga = new InMemorySagaStarter();
    const startFulfillment = createStartFulfillment({ saga });
    await startFulfillment(paymentCaptured());

    const again = await startFulfillment({
      ...paymentCaptured(),
      metadata: { ...paymentCaptured().metadata, eventId: 'x' },
    });

    expect(again.outcome).toBe('ALREADY_STARTED');
    expect(saga.executions.size).toBe(1);
  });
});
