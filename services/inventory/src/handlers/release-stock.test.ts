import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/order-cancelled-batch.json' with { type: 'json' };
import { createTestWorld, orderPlaced } from '../../test/test-world.ts';
import { createReleaseStockForOrder } from '../domain/release-stock-for-order.ts';
import { createReserveStockForOrder } from '../domain/reserve-stock-for-order.ts';
import { createReleaseStockHandler, handler } from './release-stock.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    INVENTORY_TABLE: 'shop-inventory-test',
    IDEMPOTENCY_TABLE: 'shop-inventory-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-inventory-test-order-cancelled-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [template] = (batch as SQSEvent).Records as [SQSRecord];
const orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';
const dlqUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-inventory-dev-order-cancelled-dlq';

async function setUp() {
  const world = await createTestWorld();
  world.orders.add({
    orderId,
    customerId: 'cus-7d3e91b2',
    status: 'PLACED',
    lines: [{ sku: 'HOODIE-GREY-L', quantity: 3 }],
    total: { amount: 17700, currency: 'EUR' },
  });
  await createReserveStockForOrder(world)(orderPlaced(orderId));
  world.publisher.clear();
  const deadLetters: SendMessageCommand['input'][] = [];
  const handle = createReleaseStockHandler({
    releaseStockForOrder: createReleaseStockForOrder(world),
    logger: createLogger(),
    idempotency: createInMemoryIdempotencyStore(),
    deadLetters: new SqsDeadLetterQueue(
      {
        send: async (command) => {
          deadLetters.push(command.input);
          return { MessageId: 'dlq-1', $metadata: {} };
        },
      },
      dlqUrl,
    ),
  });
  const deliver = (...records: SQSRecord[]) =>
    handle({ Records: records }, lambdaContext('shop-inventory-dev-releaseStock'));
  return { world, deadLetters, deliver };
}

describe('releaseStock handler', () => {
  it('releases the reservation of an OrderCancelled delivered by the queue and reports no failures', async () => {
    const { world, deliver } = await setUp();

    const response = await deliver(template);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.stock.levelOf('HOODIE-GREY-L')).toEqual({ available: 40, reserved: 0 });
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['InventoryReleased', '9c1e3a5b-7d9f-4b2d-8f4a-6c8e0a2c4e69'],
    ]);
  });

  it('releases once and publishes once when SQS delivers the same message twice', async () => {
    const { world, deliver } = await setUp();

    await deliver(template);
    await deliver({ ...template, messageId: 'redelivered', receiptHandle: 'another-receipt' });

    expect(world.stock.levelOf('HOODIE-GREY-L')).toEqual({ available: 40, reserved: 0 });
    expect(world.publisher.events).toHaveLength(1);
  });

  it('sends a schema-invalid record to the dead-letter queue at once instead of retrying it', async () => {
    const { world, deadLetters, deliver } = await setUp();
    const event = JSON.parse(template.body) as { detail: { data: Record<string, unknown> } };
    event.detail.data.reason = 'CHANGED_MIND';
    const invalid = { ...template, messageId: 'invalid-message', body: JSON.stringify(event) };

    const response = await deliver(invalid);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters).toMatchObject([{ QueueUrl: dlqUrl, MessageBody: invalid.body }]);
    expect(world.stock.levelOf('HOODIE-GREY-L')).toEqual({ available: 37, reserved: 3 });
  });
});

describe('releaseStock handler as deployed', () => {
  it('is built at import (cold start) from the environment serverless.yml declares', () => {
    expect(handler).toBeTypeOf('function');
  });
});
