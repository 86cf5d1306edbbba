import { createLogger } from '@shop/shared/logger';
import { InMemoryPersistenceLayer } from '@shop/shared/testing';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import postOrders from '../../test/events/apigw-v2/post-orders.json' with { type: 'json' };
import { customerOfEvent, signedInAs, withoutAuthorizer } from '../../test/signed-in.ts';
import { createTestWorld } from '../../test/test-world.ts';
import { createIdempotentPlaceOrder } from '../adapters/idempotent-place-order.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createPlaceOrderHandler, handler } from './place-order.ts';

vi.hoisted(() => {
  // What serverless.yml gives the function, so the real module can load (no AWS is called).
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_TABLE: 'shop-orders-test',
    IDEMPOTENCY_TABLE: 'shop-orders-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const fixture = postOrders as APIGatewayProxyEventV2;

function setUp() {
  const world = createTestWorld();
  const logger = createLogger();
  const placeOrder = createIdempotentPlaceOrder(createPlaceOrder(world), new InMemoryPersistenceLayer());
  const handle = createPlaceOrderHandler({ ...placeOrder, logger });
  const post = (changes: Partial<APIGatewayProxyEventV2> = {}) => handle({ ...fixture, ...changes }, lambdaContext());
  return { world, post };
}

function bodyOf(response: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  return JSON.parse(response.body ?? 'null') as Record<string, unknown>;
}

function withHeaders(headers: Record<string, string | undefined>): Partial<APIGatewayProxyEventV2> {
  return { headers: { ...fixture.headers, ...headers } };
}

describe('placeOrder handler', () => {
  it('answers 202 with the order id, its status URL and a Location header', async () => {
    const { world, post } = setUp();

    const response = await post();

    expect(response.statusCode).toBe(202);
    const body = bodyOf(response);
    expect(body).toEqual({
      orderId: expect.stringMatching(/^ord_/),
      status: 'PLACED',
      statusUrl: `/orders/${body.orderId}`,
    });
    expect(response.headers).toMatchObject({ location: `/orders/${body.orderId}`, 'content-type': 'application/json' });
    expect(world.orders.count()).toBe(1);
    expect(world.publisher.events.map((event) => event.name)).toEqual(['OrderPlaced']);
  });

  it('takes the API Gateway request id as the causation of OrderPlaced', async () => {
    const { world, post } = setUp();

    await post();

    expect(world.publisher.events[0]?.detail.metadata.causationId).toBe(fixture.requestContext.requestId);
  });

  it('answers a retry with the same Idempotency-Key with the same 202 and creates nothing new', async () => {
    const { world, post } = setUp();

    const first = await post();
    const retry = await post();

    expect(retry).toEqual(first);
    expect(world.orders.count()).toBe(1);
    expect(world.publisher.events).toHaveLength(1);
  });

  it('places separate orders for the same key sent by two customers', async () => {
    const { world, post } = setUp();

    await post();
    await post(signedInAs(fixture, { customerId: 'cus-00000001', email: 'grace@example.com' }));

    expect(world.orders.count()).toBe(2);
  });

  it('answers 422 and creates nothing when a key is reused with a different order', async () => {
    const { world, post } = setUp();
    await post();

    const response = await post({ body: fixture.body?.replace('"quantity":2', '"quantity":3') });

    expect(response.statusCode).toBe(422);
    expect(bodyOf(response)).toMatchObject({ error: 'IdempotencyKeyReusedError' });
    expect(world.orders.count()).toBe(1);
  });

  it('places a new order for every request without an Idempotency-Key', async () => {
    const { world, post } = setUp();

    await post(withHeaders({ 'idempotency-key': undefined }));
    await post(withHeaders({ 'idempotency-key': undefined }));

    expect(world.orders.count()).toBe(2);
  });

  it('answers 400 with every issue and writes nothing for an invalid order', async () => {
    const { world, post } = setUp();

    const response = await post({
      body: JSON.stringify({
        currency: 'EUR',
        lines: [{ sku: 'CAP-NAVY', quantity: 0 }],
        note: 'x',
      }),
    });

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      error: 'ValidationError',
      message: expect.stringContaining('lines[0].quantity'),
      issues: [
        'body.note: unknown field (allowed: name, currency, lines)',
        'lines[0].quantity: must be an integer from 1 to 100',
      ],
    });
    expect(world.orders.count()).toBe(0);
    expect(world.publisher.events).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { post } = setUp();

    const response = await post({ body: '{"currency":' });

    expect(response.statusCode).toBe(400);
  });

  it('answers 400 for a malformed Idempotency-Key header', async () => {
    const { world, post } = setUp();

    const response = await post(withHeaders({ 'idempotency-key': 'has spaces' }));

    expect(response.statusCode).toBe(400);
    expect(world.orders.count()).toBe(0);
  });

  it('reads a base64-encoded body', async () => {
    const { world, post } = setUp();

    const response = await post({ body: Buffer.from(fixture.body ?? '').toString('base64'), isBase64Encoded: true });

    expect(response.statusCode).toBe(202);
    expect(world.orders.count()).toBe(1);
  });

  it("correlates the order under the client's x-correlation-id", async () => {
    const { world, post } = setUp();

    await post(withHeaders({ 'x-correlation-id': 'storefront-session-9' }));

    expect(world.publisher.events[0]?.detail.metadata.correlationId).toBe('storefront-session-9');
  });

  it("places the order for the token's customer and address, whatever the body says", async () => {
    const { world, post } = setUp();
    const customer = customerOfEvent(fixture);

    const response = await post();
    const forged = await post({
      body: JSON.stringify({
        ...JSON.parse(fixture.body ?? '{}'),
        customerId: 'cus-victim',
        email: 'victim@example.com',
      }),
    });

    expect(response.statusCode).toBe(202);
    const order = await world.orders.findById(String(bodyOf(response).orderId));
    expect({ customerId: order?.customerId, email: order?.contact.email }).toEqual(customer);
    expect(forged.statusCode).toBe(400);
    expect(bodyOf(forged).issues).toEqual([
      'body.customerId: unknown field (allowed: name, currency, lines)',
      'body.email: unknown field (allowed: name, currency, lines)',
    ]);
    expect(world.orders.count()).toBe(1);
  });

  it('fails closed with a 500 and writes nothing when the route has no authorizer claims', async () => {
    const { world, post } = setUp();

    const response = await post(withoutAuthorizer(fixture));

    expect(response.statusCode).toBe(500);
    expect(world.orders.count()).toBe(0);
  });

  it('still answers 202 when the event cannot be published, leaving it to the outbox relay', async () => {
    const { world, post } = setUp();
    world.publisher.failNextPublish();

    const response = await post();

    expect(response.statusCode).toBe(202);
    expect(world.orders.pendingEventOf(String(bodyOf(response).orderId))).toBeDefined();
  });
});

describe('placeOrder handler as deployed', () => {
  it('loads with the environment serverless.yml declares and rejects an invalid order before any AWS call', async () => {
    const response = await handler({ ...fixture, body: '{}' }, lambdaContext());

    expect(response.statusCode).toBe(400);
  });
});
