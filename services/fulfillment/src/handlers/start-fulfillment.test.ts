import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import { createInMemoryIdempotencyStore } from '@shop/shared/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/sqs/payment-captured-batch.json' with { type: 'json' };
import { ORDER_ID, PAYMENT_CAPTURED_EVENT_ID } from '../../test/test-world.ts';
import { InMemorySagaStarter } from '../adapters/in-memory-saga-starter.ts';
import { createStartFulfillment } from '../domain/start-fulfillment.ts';
import { createStartFulfillmentHandler } from './start-fulfillment.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    IDEMPOTENCY_TABLE: 'shop-fulfillment-idempotency-test',
    DEAD_LETTER_QUEUE_URL:
      'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-fulfillment-test-payment-captured-dlq',
    STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:shop-fulfillment-test-saga',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const [template] = (batch as SQSEvent).Records as [SQSRecord];
const dlqUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-fulfillment-dev-payment-captured-dlq';

function setUp() {
  const saga = new InMemorySagaStarter();
  const deadLetters: SendMessageCommand['input'][] = [];
  const handler = createStartFulfillmentHandler({
    startFulfillment: createStartFulfillment({ saga }),
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
    handler({ Records: records }, lambdaContext('shop-fulfillment-dev-startFulfillment'));
  return { saga, deadLetters, deliver };
}

describe('startFulfillment handler', () => {
  it('starts the saga of the order a PaymentCaptured names, caused by that event', async () => {
    const { saga, deliver } = setUp();

    const response = await deliver(template);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(saga.executions.get(ORDER_ID)).toMatchObject({ orderId: ORDER_ID, causationId: PAYMENT_CAPTURED_EVENT_ID });
  });

  it('starts one execution when SQS delivers the same message twice', async () => {
    const { saga, deliver } = setUp();

    await deliver(template);
    const response = await deliver({ ...template, messageId: 'redelivered', receiptHandle: 'another-receipt' });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(saga.executions.size).toBe(1);
  });

  it('sends a schema-invalid record to the dead-letter queue instead of starting anything', async () => {
    const { saga, deadLetters, deliver } = setUp();
    const event = JSON.parse(template.body) as { detail: { data: Record<string, unknown> } };
    delete event.detail.data.paymentId;
    const invalid = { ...template, messageId: 'invalid', body: JSON.stringify(event) };

    const response = await deliver(invalid);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters).toMatchObject([{ QueueUrl: dlqUrl, MessageBody: invalid.body }]);
    expect(saga.executions.size).toBe(0);
  });

  it('reports only the record whose execution could not be started, so SQS retries it alone', async () => {
    const { saga, deliver } = setUp();
    const start = saga.start.bind(saga);
    saga.start = async (name, input) => {
      if (name === 'ord_unreachable') throw new Error('connect ECONNREFUSED');
      return start(name, input);
    };
    const other = { ...template, messageId: 'other', body: template.body.replaceAll(ORDER_ID, 'ord_unreachable') };

    const response = await deliver(template, other);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'other' }] });
    expect([...saga.executions.keys()]).toEqual([ORDER_ID]);
  });
});
