import { interfaceEntry } from '@shop/events';
import { ValidationError } from '@shop/shared/errors';
import { createLogger } from '@shop/shared/logger';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import readRequest from '../../test/events/lambda-invoke/orders-read-request.json' with { type: 'json' };
import { createTestWorld } from '../../test/test-world.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createReadOrder } from '../domain/read-order.ts';
import { createReadOrderHandler, handler } from './read-order.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_TABLE: 'shop-orders-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

describe('readOrder handler', () => {
  it('answers found: true with the lines for an order it has', async () => {
    const world = createTestWorld();
    const { orderId } = await createPlaceOrder(world)({
      command: {
        customerId: 'cus-1',
        email: 'ada@example.com',
        currency: 'EUR',
        lines: [{ sku: 'CAP-NAVY', quantity: 2 }],
      },
      causationId: 'req-1',
    });
    const handle = createReadOrderHandler({ readOrder: createReadOrder(world.orders), logger: createLogger() });

    const response = await handle({ ...readRequest, orderId }, lambdaContext('shop-orders-dev-readOrder'));

    expect(response).toMatchObject({ found: true, order: { orderId, lines: [{ sku: 'CAP-NAVY', quantity: 2 }] } });
  });

  it('answers found: false, the shape of the contract example, for an order it does not have', async () => {
    const handle = createReadOrderHandler({
      readOrder: createReadOrder(createTestWorld().orders),
      logger: createLogger(),
    });
    const notFoundExample = interfaceEntry('orders-read', 1)?.examples.find(({ file }) => file.includes('not-found'));

    const response = await handle(readRequest, lambdaContext('shop-orders-dev-readOrder'));

    expect(response).toEqual({ found: false, orderId: readRequest.orderId });
    expect(Object.keys(response).sort()).toEqual(Object.keys(notFoundExample?.message ?? {}).sort());
  });

  it('fails the invocation for a request outside the contract, before any AWS call', async () => {
    await expect(
      handler({ query: 'GetCustomerEmail', orderId: readRequest.orderId }, lambdaContext('shop-orders-dev-readOrder')),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
