import { ValidationError } from '@shop/shared/errors';
import { validateEvent } from '@shop/shared/validate-event';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import failedPayload from '../../test/events/stepfunctions/build-fulfillment-failed-payload.json' with { type: 'json' };
import shippedPayload from '../../test/events/stepfunctions/build-order-shipped-payload.json' with { type: 'json' };
import { createTestWorld, ORDER_ID, PAYMENT_CAPTURED_EVENT_ID } from '../../test/test-world.ts';
import { createBuildEventHandler } from './build-event.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    FULFILLMENT_TABLE: 'shop-fulfillment-test',
    DOCUMENTS_BUCKET: 'shop-fulfillment-test-documents',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const context = lambdaContext('shop-fulfillment-dev-buildEvent');

function setUp() {
  const world = createTestWorld();
  return { world, handler: createBuildEventHandler(world.tasks) };
}

describe('buildEvent handler', () => {
  it('returns a catalog-valid OrderShipped detail for the putEvents state', async () => {
    const { world, handler } = setUp();
    await world.tasks.allocateStock({ orderId: ORDER_ID });
    await world.tasks.bookCarrier({ orderId: ORDER_ID });
    await world.tasks.createLabel({ orderId: ORDER_ID });

    const result = await handler(shippedPayload, context);

    expect(result).toMatchObject({ name: 'OrderShipped', source: 'shop.fulfillment' });
    expect(validateEvent('OrderShipped', 1, result.detail)).toMatchObject({ data: { orderId: ORDER_ID } });
  });

  it('returns FulfillmentFailed with the failed step and the reason the caught error gives', async () => {
    const { handler } = setUp();

    const result = await handler(failedPayload, context);

    expect(result.name).toBe('FulfillmentFailed');
    expect(result.detail).toMatchObject({
      metadata: { causationId: PAYMENT_CAPTURED_EVENT_ID, idempotencyKey: `FulfillmentFailed:${ORDER_ID}` },
      data: { orderId: ORDER_ID, failedStep: 'BOOK_CARRIER', reason: 'STEP_FAILED' },
    });
  });

  it('refuses FulfillmentFailed without the failed step, and an unknown outcome', async () => {
    const { handler } = setUp();
    const { failedStep: _dropped, ...saga } = failedPayload.saga;

    await expect(handler({ outcome: 'FulfillmentFailed', saga }, context)).rejects.toThrow(ValidationError);
    await expect(handler({ ...shippedPayload, outcome: 'OrderDelivered' }, context)).rejects.toThrow(ValidationError);
  });
});
