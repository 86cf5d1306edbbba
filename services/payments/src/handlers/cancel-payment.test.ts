import type { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/order-cancelled-batch.json' with { type: 'json' };
import { createTestWorld, inventoryReserved } from '../../test/test-world.ts';
import { createCancelPaymentForOrder } from '../domain/cancel-payment-for-order.ts';
import { createCapturePaymentForOrder } from '../domain/capture-payment-for-order.ts';
import { createCancelPaymentHandler } from './cancel-payment.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    PAYMENTS_TABLE: 'shop-payments-test',
    IDEMPOTENCY_TABLE: 'shop-payments-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',
    SOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-compensation',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-compensation-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [record] = (batch as SQSEvent).Records as [SQSRecord];
const orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-dev-compensation';

function setUp() {
  const world = createTestWorld();
  const visibilityChanges: ChangeMessageVisibilityBatchCommand['input'][] = [];
  const handler = createCancelPaymentHandler({
    cancelPaymentForOrder: createCancelPaymentForOrder(world),
    logger: createLogger(),
    idempotency: createInMemoryIdempotencyStore(),
    deadLetters: new SqsDeadLetterQueue({ send: async () => ({ $metadata: {} }) }, `${queueUrl}-dlq`),
    queueUrl,
    visibilityClient: {
      send: async (command) => {
        visibilityChanges.push(command.input);
        return {};
      },
    },
  });
  const deliver = (...records: SQSRecord[]) =>
    handler({ Records: records }, lambdaContext('shop-payments-dev-cancelPayment'));
  return { world, visibilityChanges, deliver, capture: createCapturePaymentForOrder(world) };
}

describe('cancelPayment handler', () => {
  it('refunds a captured order when its OrderCancelled arrives', async () => {
    const { world, deliver, capture } = setUp();
    await capture(inventoryReserved(orderId));

    const response = await deliver(record);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.provider.refunds).toHaveLength(1);
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['PaymentCaptured', inventoryReserved(orderId).metadata.eventId],
      ['PaymentRefunded', '9c1e3a5b-7d9f-4b2d-8f4a-6c8e0a2c4e69'],
    ]);
  });

  it('records a cancellation that overtook the reservation, so the order is never charged', async () => {
    const { world, deliver, capture } = setUp();

    await deliver(record);
    await capture(inventoryReserved(orderId));

    expect(world.provider.captures).toHaveLength(0);
    expect(world.publisher.events.map((event) => [event.name, event.detail.data])).toEqual([
      ['PaymentDeclined', { orderId, reason: 'ORDER_CANCELLED' }],
    ]);
  });

  it('keeps a refund that meets a provider outage on the queue with the outage backoff', async () => {
    const { world, visibilityChanges, deliver, capture } = setUp();
    await capture(inventoryReserved(orderId));
    world.provider.outage();

    await expect(deliver(record)).rejects.toThrow();

    expect(visibilityChanges[0]).toMatchObject({ QueueUrl: queueUrl, Entries: [{ VisibilityTimeout: 5 }] });
    expect(world.provider.refunds).toHaveLength(0);
  });
});
