import { createLogger } from '@shop/shared/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import getOrderEvent from '../../test/events/apigw-v2/get-order.json' with { type: 'json' };
import { customerOfEvent, signedInAs } from '../../test/signed-in.ts';
import { createTestWorld } from '../../test/test-world.ts';
import { createGetOrder } from '../domain/get-order.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createGetOrderHandler, handler } from './get-order.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_TABLE: 'shop-orders-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const fixture = getOrderEvent as APIGatewayProxyEventV2;

function requestFor(id: string): APIGatewayProxyEventV2 {
  return { ...fixture, rawPath: `/orders/${id}`, pathParameters: { id } };
}

describe('getOrder handler', () => {
  it('answers 200 with the order, its status and its timeline', async () => {
    const world = createTestWorld();
    const { customerId, email } = customerOfEvent(fixture);
    const { orderId } = await createPlaceOrder(world)({
      command: {
        customerId,
        email,
        currency: 'EUR',
        lines: [{ sku: 'CAP-NAVY', quantity: 1 }],
      },
      causationId: 'req-1',
    });
    const handle = createGetOrderHandler({ getOrder: createGetOrder(world.orders), logger: createLogger() });

    const response = await handle(requestFor(orderId), lambdaContext('shop-orders-dev-getOrder'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({
      orderId,
      customerId,
      status: 'PLACED',
      lines: [{ sku: 'CAP-NAVY', quantity: 1, unitPrice: { amount: 1900, currency: 'EUR' } }],
      total: { amount: 1900, currency: 'EUR' },
      placedAt: '2026-11-24T10:00:00.000Z',
      timeline: [{ status: 'PLACED', at: '2026-11-24T10:00:00.000Z', event: 'OrderPlaced' }],
    });
  });

  it('answers 404 for an order that does not exist', async () => {
    const handle = createGetOrderHandler({
      getOrder: createGetOrder(createTestWorld().orders),
      logger: createLogger(),
    });

    const response = await handle(fixture, lambdaContext('shop-orders-dev-getOrder'));

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ error: 'NotFoundError' });
  });

  it("answers 404 for another customer's order, exactly as for one that does not exist", async () => {
    const world = createTestWorld();
    const { orderId } = await createPlaceOrder(world)({
      command: { ...customerOfEvent(fixture), currency: 'EUR', lines: [{ sku: 'CAP-NAVY', quantity: 1 }] },
      causationId: 'req-1',
    });
    const handle = createGetOrderHandler({ getOrder: createGetOrder(world.orders), logger: createLogger() });

    const response = await handle(
      signedInAs(requestFor(orderId), { customerId: 'cus-other', email: 'o@example.com' }),
      lambdaContext('shop-orders-dev-getOrder'),
    );

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'NotFoundError', message: `Order ${orderId} not found` });
  });

  it('answers 400 for a path id that cannot be an order id, before any AWS call', async () => {
    const response = await handler(requestFor('DROP TABLE orders'), lambdaContext('shop-orders-dev-getOrder'));

    expect(response.statusCode).toBe(400);
  });
});
