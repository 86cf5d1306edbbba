import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createLogger } from '@shop/shared/logger';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import batch from '../../test/events/pipes/sqs-batch.json' with { type: 'json' };
import { ADA, createTestWorld, orderSummary } from '../../test/test-world.ts';
import { createEnrichNotification } from '../domain/enrich-notification.ts';
import { createEnrichNotificationHandler } from './enrich-notification.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_READ_FUNCTION: 'shop-orders-test-readOrder',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-notifications-test-order-updates-dlq',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const records = batch as SQSRecord[];
const [confirmed, shipped, , delayed] = records as [SQSRecord, SQSRecord, SQSRecord, SQSRecord];

function setUp() {
  const world = createTestWorld();
  const parked: Array<{ messageId: string; issues: readonly string[] }> = [];
  const deadLetters: DeadLetterQueue = {
    park: async (record, issues) => {
      parked.push({ messageId: record.messageId, issues });
    },
  };
  const handler = createEnrichNotificationHandler({
    enrichNotification: createEnrichNotification(world),
    logger: createLogger(),
    deadLetters,
  });
  return { world, parked, enrich: (input: SQSRecord[]) => handler(input, lambdaContext('enrichNotification')) };
}

describe('the enrichNotification handler (Pipes enrichment)', () => {
  it('answers one enriched item per record, in order, each with its SQS messageId', async () => {
    const { enrich } = setUp();

    const items = await enrich(records);

    expect(items.map((item) => [item.messageId, item.outcome])).toEqual(
      records.map((record) => [record.messageId, 'enriched']),
    );
    expect(items[0]).toMatchObject({
      value: {
        eventName: 'OrderConfirmed',
        data: { orderId: 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9' },
        recipient: ADA,
        order: orderSummary('ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9'),
      },
    });
  });

  it('enriches an OrderDelayed event, keeping its idempotency key for the once-per-event send', async () => {
    const { enrich, parked } = setUp();

    const items = await enrich([delayed]);

    expect(parked).toEqual([]);
    expect(items).toEqual([
      {
        messageId: delayed.messageId,
        outcome: 'enriched',
        value: expect.objectContaining({
          eventName: 'OrderDelayed',
          metadata: expect.objectContaining({ idempotencyKey: 'OrderDelayed:ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9' }),
          data: { orderId: 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9', reason: 'PAYMENT_PROVIDER_UNAVAILABLE' },
          recipient: ADA,
        }),
      },
    ]);
  });

  it('parks an OrderDelayed event with a reason the catalog does not know', async () => {
    const { enrich, parked } = setUp();
    const unknownReason = {
      ...delayed,
      messageId: 'bad-delay-1',
      body: delayed.body.replace('"PAYMENT_PROVIDER_UNAVAILABLE"', '"WAREHOUSE_FLOODED"'),
    };

    expect(await enrich([unknownReason])).toEqual([]);
    expect(parked).toEqual([{ messageId: 'bad-delay-1', issues: [expect.stringContaining('detail/data/reason')] }]);
  });

  it('parks a schema-invalid event in the DLQ and leaves it out of the answer, so Pipes deletes it', async () => {
    const { enrich, parked } = setUp();
    const invalid = {
      ...confirmed,
      messageId: 'bad-1',
      body: confirmed.body.replace('"amount":6200', '"amount":"6200"'),
    };

    const items = await enrich([invalid, shipped]);

    expect(items.map((item) => item.messageId)).toEqual([shipped.messageId]);
    expect(parked).toEqual([{ messageId: 'bad-1', issues: [expect.stringContaining('detail/data/total/amount')] }]);
  });

  it('parks an event of a type this service does not notify about', async () => {
    const { enrich, parked } = setUp();
    const other = {
      ...confirmed,
      messageId: 'other-1',
      body: confirmed.body.replace('"OrderConfirmed"', '"OrderPlaced"'),
    };

    expect(await enrich([other])).toEqual([]);
    expect(parked[0]?.issues).toEqual([
      'detail-type: must be one of OrderConfirmed, OrderDelayed, OrderShipped, OrderCancelled, PaymentRefunded, got "OrderPlaced"',
    ]);
  });

  it('passes an order orders does not know on as unavailable, so only that message is retried', async () => {
    const { enrich } = setUp();
    const unknown = {
      ...confirmed,
      messageId: 'unknown-1',
      body: confirmed.body.replaceAll('ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9', 'ord_unknown'),
    };

    const items = await enrich([unknown, shipped]);

    expect(items).toEqual([
      { messageId: 'unknown-1', outcome: 'unavailable', reason: expect.stringContaining('ord_unknown') },
      expect.objectContaining({ messageId: shipped.messageId, outcome: 'enriched' }),
    ]);
  });

  it('fails the whole batch when a record cannot be parked, so nothing is lost', async () => {
    const world = createTestWorld();
    const handler = createEnrichNotificationHandler({
      enrichNotification: createEnrichNotification(world),
      logger: createLogger(),
      deadLetters: {
        park: async () => {
          throw new Error('SQS unavailable');
        },
      },
    });

    await expect(handler([{ ...confirmed, body: 'not json' }], lambdaContext('enrichNotification'))).rejects.toThrow(
      'SQS unavailable',
    );
  });
});
