import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { catalogEntry, type OrderPlacedV1 } from '@shop/events';
import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { type SendMessageClient, SqsDeadLetterQueue } from './dead-letter-queue.ts';
import { ConflictError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSqsEventConsumer } from './sqs-event-consumer.ts';
import { createInMemoryIdempotencyStore } from './testing.ts';

const DLQ_URL = 'http://localhost:4566/000000000000/shop-inventory-local-order-placed-dlq';
const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:000000000000:shop-inventory-local-order-placed';

/** The catalog's OrderPlaced example, as an EventBridge rule delivers it to SQS, for order `orderId`. */
function orderPlacedBody(orderId: string, overrides: { detailType?: string; data?: object } = {}): string {
  const example = structuredClone(catalogEntry('OrderPlaced', 1)?.examples[0]) as unknown as Record<string, unknown> & {
    detail: OrderPlacedV1;
  };
  example.detail.data.orderId = orderId;
  example.detail.metadata.idempotencyKey = `OrderPlaced:${orderId}`;
  example.detail.metadata.correlationId = `corr-${orderId}`;
  if (overrides.data) example.detail.data = overrides.data as OrderPlacedV1['data'];
  if (overrides.detailType) example['detail-type'] = overrides.detailType;
  return JSON.stringify(example);
}

function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1795000000001',
    },
    messageAttributes: {},
    md5OfBody: 'not-checked-here',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'eu-west-1',
  };
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'shop-inventory-local-reserve-stock',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:shop-inventory-local-reserve-stock',
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/shop-inventory-local-reserve-stock',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A logger whose JSON lines are kept in `lines` instead of printed. */
function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ serviceName: 'inventory', logLevel: 'INFO' });
  const keep = (line: string) => lines.push(JSON.parse(line));
  const target = logger as unknown as { console: Record<string, unknown> };
  target.console = { ...target.console, info: keep, warn: keep, error: keep };
  return { logger, lines };
}

function fakeSqs(fail = false) {
  const sent: SendMessageCommand[] = [];
  const client: SendMessageClient = {
    async send(command) {
      if (fail) throw new Error('SQS unavailable');
      sent.push(command);
      return { MessageId: `dlq-${sent.length}`, $metadata: {} };
    },
  };
  return { client, sent };
}

function setUp(
  options: { handle?: (envelope: OrderPlacedV1) => Promise<unknown>; dlq?: boolean; sqsFails?: boolean } = {},
) {
  const { logger, lines } = capturingLogger();
  const sqs = fakeSqs(options.sqsFails);
  const handle = vi.fn(options.handle ?? (async (envelope: OrderPlacedV1) => ({ reserved: envelope.data.orderId })));
  const handler = createSqsEventConsumer({
    logger,
    idempotency: createInMemoryIdempotencyStore(),
    handlers: { OrderPlaced: handle },
    ...(options.dlq === false ? {} : { deadLetters: new SqsDeadLetterQueue(sqs.client, DLQ_URL) }),
  });
  const invoke = (...records: SQSRecord[]) => handler({ Records: records }, lambdaContext());
  return { invoke, handle, lines, sent: sqs.sent };
}

describe('createSqsEventConsumer', () => {
  it('hands each valid record to the use case as a validated envelope and reports no failure', async () => {
    const { invoke, handle } = setUp();

    const response = await invoke(
      sqsRecord('m1', orderPlacedBody('order-1')),
      sqsRecord('m2', orderPlacedBody('order-2')),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handle.mock.calls.map(([envelope]) => envelope.data.orderId)).toEqual(['order-1', 'order-2']);
    expect(handle.mock.calls[0]?.[0].metadata.idempotencyKey).toBe('OrderPlaced:order-1');
  });

  it('reports only the record whose use case failed, so only it is retried', async () => {
    const { invoke } = setUp({
      handle: async (envelope) => {
        if (envelope.data.orderId === 'order-2') throw new Error('stock table throttled');
        return 'ok';
      },
    });

    const response = await invoke(
      sqsRecord('m1', orderPlacedBody('order-1')),
      sqsRecord('m2', orderPlacedBody('order-2')),
      sqsRecord('m3', orderPlacedBody('order-3')),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });

  it('parks a record whose use case failed for good (not retryable) in the DLQ at once, and retries the others', async () => {
    const { invoke, sent } = setUp({
      handle: async (envelope) => {
        if (envelope.data.orderId === 'order-1') throw new ConflictError('order-1 was already settled');
        throw new Error('stock table throttled');
      },
    });

    const response = await invoke(
      sqsRecord('m1', orderPlacedBody('order-1')),
      sqsRecord('m2', orderPlacedBody('order-2')),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.input.MessageBody).toBe(orderPlacedBody('order-1'));
    expect(sent[0]?.input.MessageAttributes?.validationIssues?.StringValue).toContain('order-1 was already settled');
  });

  it('runs the use case once when the same event is delivered twice, and logs the duplicate', async () => {
    const { invoke, handle, lines } = setUp();

    await invoke(sqsRecord('m1', orderPlacedBody('order-1')));
    expect(lines.filter((line) => String(line.message).startsWith('Duplicate delivery'))).toEqual([]);
    const redelivery = await invoke(sqsRecord('m1-again', orderPlacedBody('order-1')));

    expect(handle).toHaveBeenCalledTimes(1);
    expect(redelivery).toEqual({ batchItemFailures: [] });
    expect(lines.filter((line) => String(line.message).startsWith('Duplicate delivery'))).toEqual([
      expect.objectContaining({
        level: 'INFO',
        orderId: 'order-1',
        correlationId: 'corr-order-1',
        storedResult: { reserved: 'order-1' },
      }),
    ]);
  });

  it('sends a schema-invalid record straight to the DLQ with its issues, and does not retry it', async () => {
    const { invoke, handle, sent } = setUp();
    const invalidBody = orderPlacedBody('order-1', {
      data: { orderId: 'order-1', customerEmail: 'someone@example.com' },
    });

    const response = await invoke(sqsRecord('bad', invalidBody), sqsRecord('good', orderPlacedBody('order-2')));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handle).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(1);
    const input = sent[0]?.input;
    expect(input?.QueueUrl).toBe(DLQ_URL);
    expect(input?.MessageBody).toBe(invalidBody);
    expect(input?.MessageAttributes?.validationIssues?.StringValue).toContain(
      'detail/data: must have required property',
    );
    expect(input?.MessageAttributes?.sourceMessageId?.StringValue).toBe('bad');
    expect(input?.MessageAttributes?.sourceQueueArn?.StringValue).toBe(QUEUE_ARN);
  });

  it('sends a record of another detail-type (a misrouted rule) to the DLQ too', async () => {
    const { invoke, handle, sent } = setUp();

    await invoke(sqsRecord('misrouted', orderPlacedBody('order-1', { detailType: 'InventoryReserved' })));

    expect(handle).not.toHaveBeenCalled();
    expect(sent[0]?.input.MessageAttributes?.validationIssues?.StringValue).toBe(
      'detail-type: must be "OrderPlaced", got "InventoryReserved"',
    );
  });

  it('routes each record to the use case of its detail-type when the queue carries several events', async () => {
    const { logger } = capturingLogger();
    const placed = vi.fn(async () => 'placed');
    const reserved = vi.fn(async () => 'reserved');
    const handler = createSqsEventConsumer({
      handlers: { OrderPlaced: placed, InventoryReserved: reserved },
      logger,
      idempotency: createInMemoryIdempotencyStore(),
    });
    const reservedExample = structuredClone(catalogEntry('InventoryReserved', 2)?.examples[0]);

    const response = await handler(
      { Records: [sqsRecord('m1', orderPlacedBody('order-1')), sqsRecord('m2', JSON.stringify(reservedExample))] },
      lambdaContext(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(placed).toHaveBeenCalledTimes(1);
    expect(reserved).toHaveBeenCalledTimes(1);
  });

  it('reports a schema-invalid record as failed when no DLQ is configured', async () => {
    const { invoke, sent } = setUp({ dlq: false });

    const response = await invoke(
      sqsRecord('bad', '{"not":"an event"}'),
      sqsRecord('good', orderPlacedBody('order-2')),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(sent).toHaveLength(0);
  });

  it('reports a schema-invalid record as failed when sending it to the DLQ fails, so it is not lost', async () => {
    const { invoke } = setUp({ sqsFails: true });

    const response = await invoke(sqsRecord('bad', 'not json'), sqsRecord('good', orderPlacedBody('order-2')));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });

  it('fails the whole invocation when every record failed, so Lambda backs off polling', async () => {
    const { invoke } = setUp({
      handle: async () => {
        throw new Error('payment provider down');
      },
    });

    await expect(
      invoke(sqsRecord('m1', orderPlacedBody('order-1')), sqsRecord('m2', orderPlacedBody('order-2'))),
    ).rejects.toThrow(FullBatchFailureError);
  });

  it("tags each record's log lines with that record's correlation id, event id and order id, then removes them", async () => {
    const { logger, lines } = capturingLogger();
    const handler = createSqsEventConsumer({
      logger,
      idempotency: createInMemoryIdempotencyStore(),
      handlers: {
        OrderPlaced: async (envelope) => {
          logger.info('reserving stock', { seen: envelope.data.orderId });
        },
      },
    });

    await handler(
      { Records: [sqsRecord('m1', orderPlacedBody('order-1')), sqsRecord('m2', orderPlacedBody('order-2'))] },
      lambdaContext(),
    );
    logger.info('after the batch');

    const reserving = lines.filter((line) => line.message === 'reserving stock');
    expect(reserving.map((line) => [line.seen, line.orderId, line.correlationId])).toEqual([
      ['order-1', 'order-1', 'corr-order-1'],
      ['order-2', 'order-2', 'corr-order-2'],
    ]);
    expect(reserving[0]?.eventId).toBe(JSON.parse(orderPlacedBody('order-1')).detail.metadata.eventId);
    expect(lines.at(-1)).not.toHaveProperty('correlationId');
  });

  it('logs why a record failed with its correlation id', async () => {
    const { invoke, lines } = setUp({
      handle: async (envelope) => {
        if (envelope.data.orderId === 'order-2') throw new Error('stock table throttled');
      },
    });

    await invoke(sqsRecord('m1', orderPlacedBody('order-1')), sqsRecord('m2', orderPlacedBody('order-2')));

    const failure = lines.find((line) => line.level === 'ERROR');
    expect(failure).toMatchObject({ correlationId: 'corr-order-2', messageId: 'm2' });
    expect(String(failure?.error)).toContain('stock table throttled');
  });
});
