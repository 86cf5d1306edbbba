import type { ChangeMessageVisibilityBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore, createInMemoryMetrics } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/inventory-reserved-batch.json' with { type: 'json' };
import { CUSTOMER_ID, createTestWorld, NOW } from '../../test/test-world.ts';
import { createCapturePaymentForOrder } from '../domain/capture-payment-for-order.ts';
import { createNoticePaymentDelay } from '../domain/notice-payment-delay.ts';
import { createCapturePaymentHandler } from './capture-payment.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    PAYMENTS_TABLE: 'shop-payments-test',
    IDEMPOTENCY_TABLE: 'shop-payments-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',

    DELAY_NOTICE_SECONDS: '60',
    SOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-payment',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-payment-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [template] = (batch as SQSEvent).Records as [SQSRecord];
const orderId = '4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162';
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-dev-payment';
const dlqUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-dev-payment-dlq';

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

function setUp() {
  const world = createTestWorld();
  const deadLetters: SendMessageCommand['input'][] = [];
  const visibilityChanges: ChangeMessageVisibilityBatchCommand['input'][] = [];
  const metrics = createInMemoryMetrics();
  const handler = createCapturePaymentHandler({
    metrics,
    capturePaymentForOrder: createCapturePaymentForOrder(world),
    noticePaymentDelay: createNoticePaymentDelay({ ...world, noticeAfterSeconds: 60 }),
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
    queueUrl,
    visibilityClient: {
      send: async (command) => {
        visibilityChanges.push(command.input);
        return { Successful: [], Failed: [] };
      },
    },
  });
  const deliver = (...records: SQSRecord[]) =>
    handler({ Records: records }, lambdaContext('shop-payments-dev-capturePayment'));
  return { world, deadLetters, visibilityChanges, deliver, metrics };
}

describe('capturePayment handler', () => {
  it('charges the order of an InventoryReserved delivered by the queue and reports no failures', async () => {
    const { world, deliver } = setUp();

    const response = await deliver(template);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.provider.captures).toHaveLength(1);
    expect(world.publisher.events.map((event) => [event.name, event.detail.metadata.causationId])).toEqual([
      ['PaymentCaptured', '5b2e7c94-1f3a-4d8e-b6c2-9a0d4e7f1c38'],
    ]);
  });

  it('charges once, publishes once and counts once when SQS delivers the same message twice', async () => {
    const { world, deliver, metrics } = setUp();

    await deliver(template);
    await deliver({ ...template, messageId: 'redelivered', receiptHandle: 'another-receipt' });

    expect(world.provider.captures).toHaveLength(1);
    expect(world.publisher.events).toHaveLength(1);
    expect(metrics.recorded).toEqual([{ name: 'PaymentsCaptured', value: 1, unit: 'Count', dimensions: {} }]);
  });

  it('counts a declined payment by its reason', async () => {
    const { world, deliver, metrics } = setUp();
    world.provider.settings = { ...world.provider.settings, declineCustomerIds: [CUSTOMER_ID] };

    await deliver(template);

    expect(world.publisher.events.map((event) => event.name)).toEqual(['PaymentDeclined']);
    expect(metrics.recorded).toEqual([
      { name: 'PaymentsDeclined', value: 1, unit: 'Count', dimensions: { reason: 'CARD_DECLINED' } },
    ]);
  });

  it('keeps a payment that meets a provider outage on the queue, delayed by its receive count', async () => {
    const { world, visibilityChanges, deliver } = setUp();
    world.provider.outage();
    const fourthReceive = { ...template, attributes: { ...template.attributes, ApproximateReceiveCount: '4' } };

    await expect(deliver(fourthReceive)).rejects.toThrow();

    expect(visibilityChanges).toEqual([
      {
        QueueUrl: queueUrl,
        Entries: [{ Id: 'record-0', ReceiptHandle: template.receiptHandle, VisibilityTimeout: 40 }],
      },
    ]);
    expect(world.publisher.events).toHaveLength(0);
  });

  it('tells once that the order waits when its message was first received at least DELAY_NOTICE_SECONDS ago', async () => {
    const { world, visibilityChanges, deliver } = setUp();
    world.provider.outage();
    const firstReceivedAt = String(NOW.getTime() - 61_000);
    const receive = (count: number) => ({
      ...template,
      attributes: {
        ...template.attributes,
        ApproximateReceiveCount: String(count),
        ApproximateFirstReceiveTimestamp: firstReceivedAt,
      },
    });

    await expect(deliver(receive(5))).rejects.toThrow();
    await expect(deliver(receive(6))).rejects.toThrow();

    expect(visibilityChanges).toHaveLength(2);
    expect(world.publisher.events.map((event) => [event.name, event.detail])).toEqual([
      [
        'PaymentDelayed',
        {
          metadata: expect.objectContaining({
            idempotencyKey: `PaymentDelayed:${orderId}`,
            correlationId: orderId,
            causationId: '5b2e7c94-1f3a-4d8e-b6c2-9a0d4e7f1c38',
          }),
          data: {
            orderId,
            reason: 'PROVIDER_UNAVAILABLE',
            waitingSince: new Date(Number(firstReceivedAt)).toISOString(),
          },
        },
      ],
    ]);
  });

  it('charges the waiting payment once the provider is back', async () => {
    const { world, deliver } = setUp();
    world.provider.outage();
    await expect(deliver(template)).rejects.toThrow();
    world.provider.up();

    const response = await deliver({
      ...template,
      attributes: { ...template.attributes, ApproximateReceiveCount: '2' },
    });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.publisher.events.map((event) => event.name)).toEqual(['PaymentCaptured']);
  });

  it('parks an InventoryReserved v1 (retired: it named no customer) without charging', async () => {
    const { world, deadLetters, deliver } = setUp();
    const stale = recordFor(orderId, 'stale-version', (event) => {
      const detail = event.detail as { metadata: { version: number }; data: Record<string, unknown> };
      detail.metadata.version = 1;
      delete detail.data.customerId;
    });

    const response = await deliver(stale);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters.map((message) => message.MessageAttributes?.validationIssues?.StringValue)).toEqual([
      'InventoryReserved v1 is retired: no consumer reads it any more',
    ]);
    expect(world.provider.captures).toEqual([]);
  });

  it('sends a schema-invalid record to the dead-letter queue at once instead of retrying it', async () => {
    const { world, deadLetters, deliver } = setUp();
    const invalid = recordFor(orderId, 'invalid-message', (event) => {
      (event.detail as { data: { total: Record<string, unknown> } }).data.total.amount = 12.5;
    });

    const response = await deliver(invalid);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters).toMatchObject([{ QueueUrl: dlqUrl, MessageBody: invalid.body }]);
    expect(world.provider.captures).toHaveLength(0);
  });
});
