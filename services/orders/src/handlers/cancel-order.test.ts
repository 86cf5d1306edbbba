import { createLogger } from '@shop/shared/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import cancelRequest from '../../test/events/apigw-v2/cancel-order.json' with { type: 'json' };
import { customerOfEvent, signedInAs } from '../../test/signed-in.ts';
import { aCommand, createTestWorld } from '../../test/test-world.ts';
import { createCancelOrder } from '../domain/cancel-order.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createCancelOrderHandler, handler } from './cancel-order.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_TABLE: 'shop-orders-test',
    EVENT_BUS_NAME: 'shop-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const fixture = cancelRequest as APIGatewayProxyEventV2;
const orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';

function requestFor(id: string): APIGatewayProxyEventV2 {
  return { ...fixture, rawPath: `/orders/${id}/cancel`, pathParameters: { id } };
}

function bodyOf(response: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  return JSON.parse(response.body ?? 'null') as Record<string, unknown>;
}

async function setUp() {
  const world = createTestWorld();
  await createPlaceOrder({ ...world, newOrderId: () => orderId })({
    command: aCommand(customerOfEvent(fixture)),
    causationId: 'req-1',
  });
  world.publisher.clear();
  const handle = createCancelOrderHandler({ cancelOrder: createCancelOrder(world), logger: createLogger() });
  return { world, handle };
}

describe('cancelOrder handler', () => {
  it("answers 202 with the order's new status and its status URL, and announces OrderCancelled", async () => {
    const { world, handle } = await setUp();

    const response = await handle(fixture, lambdaContext('shop-orders-dev-cancelOrder'));

    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ orderId, status: 'CANCELLED', statusUrl: `/orders/${orderId}` });
    expect(response.headers).toMatchObject({ location: `/orders/${orderId}` });
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['OrderCancelled', fixture.requestContext.requestId],
    ]);
  });

  it('answers a repeated cancel with 409 ConflictError saying it is already cancelled', async () => {
    const { world, handle } = await setUp();
    await handle(fixture, lambdaContext('shop-orders-dev-cancelOrder'));

    const again = await handle(fixture, lambdaContext('shop-orders-dev-cancelOrder'));

    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toEqual({
      error: 'ConflictError',
      message: `Order ${orderId} is already cancelled (CUSTOMER_REQUEST)`,
    });
    expect(world.publisher.events).toHaveLength(1);
  });

  it('answers 404 for an order that does not exist', async () => {
    const { handle } = await setUp();

    const response = await handle(
      requestFor('ord_01ARYZ6S410000000000000000'),
      lambdaContext('shop-orders-dev-cancelOrder'),
    );

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toMatchObject({ error: 'NotFoundError' });
  });

  it("answers 404 for another customer's order, and the order stays as it was", async () => {
    const { world, handle } = await setUp();

    const response = await handle(
      signedInAs(fixture, { customerId: 'cus-other', email: 'o@example.com' }),
      lambdaContext('shop-orders-dev-cancelOrder'),
    );

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: 'NotFoundError', message: `Order ${orderId} not found` });
    expect((await world.orders.findById(orderId))?.status).toBe('PLACED');
    expect(world.publisher.events).toEqual([]);
  });
});

describe('cancelOrder handler as deployed', () => {
  it('answers 400 for a path id that cannot be an order id, before any AWS call', async () => {
    const response = await handler(requestFor('DROP TABLE orders'), lambdaContext('shop-orders-dev-cancelOrder'));

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toMatchObject({ error: 'ValidationError' });
  });
});
