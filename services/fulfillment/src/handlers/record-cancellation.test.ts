import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/order-cancelled-batch.json' with { type: 'json' };
import { createTestWorld, ORDER_ID } from '../../test/test-world.ts';
import { createRecordCancellation } from '../domain/record-cancellation.ts';
import { createRecordCancellationHandler } from './record-cancellation.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    FULFILLMENT_TABLE: 'shop-fulfillment-test',
    IDEMPOTENCY_TABLE: 'shop-fulfillment-idempotency-test',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-fulfillment-test-order-cancelled-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [template] = (batch as SQSEvent).Records as [SQSRecord];
const request = { orderId: ORDER_ID };

function setUp() {
  const world = createTestWorld();
  const handler = createRecordCancellationHandler({
    recordCancellation: createRecordCancellation(world),
    logger: createLogger(),
    idempotency: createInMemoryIdempotencyStore(),
    deadLetters: new SqsDeadLetterQueue(
      { send: async () => ({ $metadata: {} }) },
      'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-fulfillment-dev-order-cancelled-dlq',
    ),
  });
  const deliver = (...records: SQSRecord[]) =>
    handler({ Records: records }, lambdaContext('shop-fulfillment-dev-recordCancellation'));
  return { world, deliver };
}

describe('recordCancellation handler', () => {
  it('records an OrderCancelled delivered by the queue, so the running saga stops at its next step', async () => {
    const { world, deliver } = setUp();
    await world.tasks.allocateStock(request);

    const response = await deliver(template);

    expect(response).toEqual({ batchItemFailures: [] });
    expect((await world.repository.find(ORDER_ID))?.cancellation?.reason).toBe('CUSTOMER_REQUEST');
    await expect(world.tasks.bookCarrier(request)).rejects.toThrow('was cancelled');
  });

  it('acknowledges a cancellation that comes after the label, recording nothing', async () => {
    const { world, deliver } = setUp();
    await world.tasks.allocateStock(request);
    await world.tasks.bookCarrier(request);
    await world.tasks.createLabel(request);

    const response = await deliver(template);

    expect(response).toEqual({ batchItemFailures: [] });
    expect((await world.repository.find(ORDER_ID))?.cancellation).toBeUndefined();
  });
});
