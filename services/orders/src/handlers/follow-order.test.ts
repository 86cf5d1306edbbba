import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/order-events-batch.json' with { type: 'json' };
import { aCommand, createTestWorld } from '../../test/test-world.ts';
import { createFollowOrder } from '../domain/follow-order.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createFollowOrderHandler, handler } from './follow-order.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_TABLE: 'shop-orders-test',
    IDEMPOTENCY_TABLE: 'shop-orders-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-orders-test-order-events-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [reserved, captured] = (batch as SQSEvent).Records as [SQSRecord, SQSRecord];
const orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';
const dlqUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-orders-dev-order-events-dlq';

function withBody(record: SQSRecord, messageId: string, edit: (event: Record<string, unknown>) => void): SQSRecord {
  const event = JSON.parse(record.body) as Record<string, unknown>;
  edit(event);
  return { ...record, messageId, body: JSON.stringify(event) };
}

async function setUp() {
  const world = createTestWorld();
  await createPlaceOrder({ ...world, newOrderId: () => orderId })({ command: aCommand(), causationId: 'req-1' });
  world.publisher.clear();
  const deadLetters: SendMessageCommand['input'][] = [];
  const handle = createFollowOrderHandler({
    followOrder: createFollowOrder(world),
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
    handle({ Records: records }, lambdaContext('shop-orders-dev-followOrder'));
  return { world, deadLetters, deliver };
}

describe('followOrder handler', () => {
  it('routes each event of a mixed batch to its use case: RESERVED, then PAID with OrderConfirmed', async () => {
    const { world, deliver } = await setUp();

    const response = await deliver(reserved, captured);

    expect(response).toEqual({ batchItemFailures: [] });
    const order = await world.orders.findById(orderId);
    expect(order?.status).toBe('PAID');
    expect(order?.timeline.map(({ event }) => event)).toEqual(['OrderPlaced', 'InventoryReserved', 'PaymentCaptured']);
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['OrderConfirmed', '3c9d2e7f-6a1b-4c8d-9e2f-7a6b5c4d3e21'],
    ]);
  });

  it('routes PaymentDelayed to its use case: DELAYED with OrderDelayed, then PAID when the payment is captured', async () => {
    const { world, deliver } = await setUp();
    const delayed = withBody(captured, 'delayed-message', (event) => {
      event['detail-type'] = 'PaymentDelayed';
      const detail = event.detail as { metadata: Record<string, unknown>; data: Record<string, unknown> };
      detail.metadata.eventId = '6b8d0f2a-4c6e-4a8b-9d1f-3e5a7c9b1d24';
      detail.metadata.idempotencyKey = `PaymentDelayed:${orderId}`;
      detail.data = { orderId, reason: 'PROVIDER_UNAVAILABLE', waitingSince: '2026-11-24T10:15:32Z' };
    });

    const delayedResponse = await deliver(reserved, delayed);
    const statusWhileDelayed = (await world.orders.findById(orderId))?.status;
    const capturedResponse = await deliver(captured);

    expect([delayedResponse, capturedResponse]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(statusWhileDelayed).toBe('DELAYED');
    expect((await world.orders.findById(orderId))?.status).toBe('PAID');
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['OrderDelayed', '6b8d0f2a-4c6e-4a8b-9d1f-3e5a7c9b1d24'],
      ['OrderConfirmed', '3c9d2e7f-6a1b-4c8d-9e2f-7a6b5c4d3e21'],
    ]);
  });

  it('confirms once when SQS delivers the same message twice', async () => {
    const { world, deliver } = await setUp();

    await deliver(captured);
    await deliver({ ...captured, messageId: 'redelivered', receiptHandle: 'another-receipt' });

    expect(world.publisher.events.map(({ name }) => name)).toEqual(['OrderConfirmed']);
  });

  it('reports only the record about an order not stored yet, so SQS retries it alone', async () => {
    const { world, deliver } = await setUp();
    const early = withBody(reserved, 'early-message', (event) => {
      const detail = event.detail as { metadata: Record<string, unknown>; data: Record<string, unknown> };
      detail.data.orderId = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8ZZ';
      detail.metadata.idempotencyKey = 'InventoryReserved:ord_01JDQ7Z8X4K9M2N3P5Q6R7S8ZZ';
    });

    const response = await deliver(early, captured);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'early-message' }] });
    expect((await world.orders.findById(orderId))?.status).toBe('PAID');
  });

  it('sends a schema-invalid record to the dead-letter queue at once instead of retrying it', async () => {
    const { world, deadLetters, deliver } = await setUp();
    const invalid = withBody(captured, 'invalid-message', (event) => {
      (event.detail as { data: Record<string, unknown> }).data.amount = '38.00 EUR';
    });

    const response = await deliver(invalid);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters).toMatchObject([{ QueueUrl: dlqUrl, MessageBody: invalid.body }]);
    expect((await world.orders.findById(orderId))?.status).toBe('PLACED');
  });
});

describe('followOrder handler as deployed', () => {
  it('is built at import (cold start) from the environment serverless.yml declares', () => {
    // The module composed its AWS clients at import; a missing variable would have failed it.
    expect(handler).toBeTypeOf('function');
  });
});
