import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore, createInMemoryMetrics } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/order-placed-batch.json' with { type: 'json' };
import { createTestWorld } from '../../test/test-world.ts';
import { createReserveStockForOrder } from '../domain/reserve-stock-for-order.ts';
import { createReserveStockHandler } from './reserve-stock.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    INVENTORY_TABLE: 'shop-inventory-test',
    IDEMPOTENCY_TABLE: 'shop-inventory-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',
    ORDERS_READ_FUNCTION: 'shop-orders-test-readOrder',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-inventory-test-order-placed-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [template] = (batch as SQSEvent).Records as [SQSRecord];
const orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';
const dlqUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-inventory-dev-order-placed-dlq';

/** A record of the fixture's shape for another order (or with another body). */
function recordFor(
  id: string,
  messageId: string,
  edit: (event: Record<string, unknown>) => void = () => {},
): SQSRecord {
  const event = JSON.parse(template.body.replaceAll(orderId, id)) as Record<string, unknown>;
  edit(event);
  return { ...template, messageId, body: JSON.stringify(event) };
}

async function setUp() {
  const world = await createTestWorld();
  world.orders.add({
    orderId,
    customerId: 'cus-7d3e91b2',
    status: 'PLACED',
    lines: [
      { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
      { sku: 'MUG-LOGO-350ML', quantity: 1 },
    ],
    total: { amount: 6200, currency: 'EUR' },
  });
  const deadLetters: SendMessageCommand['input'][] = [];
  const metrics = createInMemoryMetrics();
  const handler = createReserveStockHandler({
    metrics,
    reserveStockForOrder: createReserveStockForOrder(world),
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
    handler({ Records: records }, lambdaContext('shop-inventory-dev-reserveStock'));
  return { world, deadLetters, deliver, metrics };
}

describe('reserveStock handler', () => {
  it('reserves the stock of an OrderPlaced delivered by the queue and reports no failures', async () => {
    const { world, deliver } = await setUp();

    const response = await deliver(template);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 98, reserved: 2 });
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['InventoryReserved', '8a6f0c3e-2d41-4b7a-9e15-3c7d2f9b4a61'],
    ]);
  });

  it('reserves once, publishes once and counts once when SQS delivers the same message twice', async () => {
    const { world, deliver, metrics } = await setUp();

    await deliver(template);
    await deliver({ ...template, messageId: 'redelivered', receiptHandle: 'another-receipt' });

    expect(world.stock.levelOf('TEE-CLASSIC-BLACK-M')).toEqual({ available: 98, reserved: 2 });
    expect(world.publisher.events).toHaveLength(1);
    expect(metrics.recorded).toEqual([{ name: 'OrdersReserved', value: 1, unit: 'Count', dimensions: {} }]);
  });

  it('reports only the record whose order is not readable yet, so SQS retries it alone', async () => {
    const { world, deliver } = await setUp();
    const early = recordFor('ord_01JDQ7Z8X4K9M2N3P5Q6R7S8ZZ', 'early-message');

    const response = await deliver(template, early);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'early-message' }] });
    expect(world.publisher.events.map((event) => event.name)).toEqual(['InventoryReserved']);
  });

  it('sends a schema-invalid record to the dead-letter queue at once instead of retrying it', async () => {
    const { world, deadLetters, deliver } = await setUp();
    const invalid = recordFor(orderId, 'invalid-message', (event) => {
      (event.detail as { data: Record<string, unknown> }).data.lineCount = 0;
    });

    const response = await deliver(invalid);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters).toMatchObject([{ QueueUrl: dlqUrl, MessageBody: invalid.body }]);
    expect(world.publisher.events).toHaveLength(0);
  });

  it('announces InventoryReservationFailed for an order naming an unknown SKU, and counts it by reason', async () => {
    const { world, deliver, metrics } = await setUp();
    const unknownSkuOrder = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8U0';
    world.orders.add({
      orderId: unknownSkuOrder,
      customerId: 'cus-1',
      status: 'PLACED',
      lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
      total: { amount: 0, currency: 'EUR' },
    });

    await deliver(recordFor(unknownSkuOrder, 'unknown-sku-message'));

    expect(world.publisher.events.map((event) => [event.name, event.detail.data])).toEqual([
      ['InventoryReservationFailed', { orderId: unknownSkuOrder, reason: 'UNKNOWN_SKU', skus: ['NO-SUCH-SKU'] }],
    ]);
    expect(metrics.recorded).toEqual([
      { name: 'ReservationsFailed', value: 1, unit: 'Count', dimensions: { reason: 'UNKNOWN_SKU' } },
    ]);
  });
});
