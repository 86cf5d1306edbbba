/**
 * The DynamoDB adapters against the local cloud's DynamoDB emulator (dynalite behind the
 * DynamoDB wire protocol), so the condition expressions, the placeholders and the update
 * expressions are checked by a real DynamoDB implementation, not by the in-memory double.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEvent } from '@shop/shared/envelope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalDynamoDb,
  makeTemporaryFolder,
  startLocalDynamoDb,
} from '../../../../local/src/dynamodb/test-support.ts';
import { DynamoDbFaultSwitch } from './dynamodb-fault-switch.ts';
import { DynamoDbFulfillmentRepository } from './dynamodb-fulfillment-repository.ts';

const TABLE = 'shop-fulfillment-test';
const allocation = { allocationId: 'alc_1', completedAt: '2026-11-24T10:00:00.000Z' };
const booking = {
  bookingId: 'bkg_1',
  carrier: 'PARCELNET',
  trackingNumber: 'PN1EU',
  completedAt: '2026-11-24T10:00:01.000Z',
};
const label = { shipmentId: 'shp_1', completedAt: '2026-11-24T10:00:02.000Z' };
const cancellation = { recordedAt: '2026-11-24T10:00:03.000Z', reason: 'CUSTOMER_REQUEST', eventId: 'evt-1' };

let local: LocalDynamoDb;
let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let repository: DynamoDbFulfillmentRepository;
let faults: DynamoDbFaultSwitch;
let orderCounter = 0;
const nextOrderId = () => {
  orderCounter += 1;
  return `ord_${orderCounter}`;
};

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  local = await startLocalDynamoDb(folder.path);
  await local.client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const documents = DynamoDBDocumentClient.from(local.client, { marshallOptions: { removeUndefinedValues: true } });
  repository = new DynamoDbFulfillmentRepository(documents, TABLE);
  faults = new DynamoDbFaultSwitch(documents, TABLE);
});

afterAll(async () => {
  await local?.close();
  await folder?.remove();
});

describe('DynamoDbFulfillmentRepository', () => {
  it('records a step once: a second write of the same step is refused and the first one stays', async () => {
    const orderId = nextOrderId();

    expect(await repository.recordStep(orderId, 'ALLOCATE_STOCK', allocation)).toBe('RECORDED');
    expect(await repository.recordStep(orderId, 'ALLOCATE_STOCK', { ...allocation, allocationId: 'alc_2' })).toBe(
      'REFUSED',
    );
    expect(await repository.find(orderId)).toEqual({ orderId, steps: { ALLOCATE_STOCK: allocation } });
  });

  it('refuses a step once the order is cancelled or compensation has begun', async () => {
    const cancelled = nextOrderId();
    const compensating = nextOrderId();
    await repository.recordCancellation(cancelled, cancellation);
    await repository.beginCompensation(compensating, '2026-11-24T10:00:04.000Z');

    expect(await repository.recordStep(cancelled, 'ALLOCATE_STOCK', allocation)).toBe('REFUSED');
    expect(await repository.recordStep(compensating, 'ALLOCATE_STOCK', allocation)).toBe('REFUSED');
  });

  it('lets a label and a cancellation exclude each other', async () => {
    const shipped = nextOrderId();
    const cancelled = nextOrderId();
    await repository.recordStep(shipped, 'CREATE_LABEL', label);
    await repository.recordCancellation(cancelled, cancellation);

    expect(await repository.recordCancellation(shipped, cancellation)).toBe('REFUSED');
    expect(await repository.recordStep(cancelled, 'CREATE_LABEL', label)).toBe('REFUSED');
  });

  it('records a cancellation after a label once compensation has begun, and only one cancellation', async () => {
    const orderId = nextOrderId();
    await repository.recordStep(orderId, 'CREATE_LABEL', label);
    await repository.beginCompensation(orderId, '2026-11-24T10:00:04.000Z');

    expect(await repository.recordCancellation(orderId, cancellation)).toBe('RECORDED');
    expect(await repository.recordCancellation(orderId, { ...cancellation, eventId: 'evt-2' })).toBe('REFUSED');
    expect((await repository.find(orderId))?.cancellation).toEqual(cancellation);
  });

  it('keeps the first compensation time and returns the whole record', async () => {
    const orderId = nextOrderId();
    await repository.recordStep(orderId, 'BOOK_CARRIER', booking);

    await repository.beginCompensation(orderId, '2026-11-24T10:00:05.000Z');
    const record = await repository.beginCompensation(orderId, '2026-11-24T10:00:09.000Z');

    expect(record).toEqual({
      orderId,
      steps: { BOOK_CARRIER: booking },
      compensatingSince: '2026-11-24T10:00:05.000Z',
    });
  });

  it('creates the item when compensation begins for an order it has never seen', async () => {
    const orderId = nextOrderId();

    expect(await repository.beginCompensation(orderId, '2026-11-24T10:00:05.000Z')).toEqual({
      orderId,
      steps: {},
      compensatingSince: '2026-11-24T10:00:05.000Z',
    });
  });

  it('marks a recorded step undone once, and refuses to undo a step that never completed', async () => {
    const orderId = nextOrderId();
    await repository.recordStep(orderId, 'BOOK_CARRIER', booking);

    expect(await repository.recordUndone(orderId, 'BOOK_CARRIER', '2026-11-24T10:00:06.000Z')).toBe('RECORDED');
    expect(await repository.recordUndone(orderId, 'BOOK_CARRIER', '2026-11-24T10:00:07.000Z')).toBe('REFUSED');
    expect(await repository.recordUndone(orderId, 'CREATE_LABEL', '2026-11-24T10:00:07.000Z')).toBe('REFUSED');
    expect((await repository.find(orderId))?.steps.BOOK_CARRIER?.undoneAt).toBe('2026-11-24T10:00:06.000Z');
  });

  it('records one outcome event and reads it back as it was', async () => {
    const orderId = nextOrderId();
    const cause = { idempotencyKey: `FulfillmentFailed:${orderId}`, correlationId: orderId, causationId: 'evt-0' };
    const event = createEvent(
      'FulfillmentFailed',
      { orderId, failedStep: 'BOOK_CARRIER', reason: 'STEP_FAILED' },
      cause,
    );

    expect(await repository.recordOutcome(orderId, event)).toBe('RECORDED');
    expect(
      await repository.recordOutcome(orderId, {
        ...event,
        detail: { ...event.detail, data: { ...event.detail.data, reason: 'ORDER_CANCELLED' } },
      }),
    ).toBe('REFUSED');
    expect((await repository.find(orderId))?.outcome).toEqual(event);
  });

  it('finds nothing for an order it has never seen', async () => {
    expect(await repository.find('ord_unknown')).toBeUndefined();
  });
});

describe('DynamoDbFaultSwitch', () => {
  it('reads no fault until a step is set, the step while it is set, and none after clear', async () => {
    expect(await faults.read()).toEqual({});

    await faults.failStep('CREATE_LABEL');
    expect(await faults.read()).toEqual({ failStep: 'CREATE_LABEL' });

    await faults.clear();
    expect(await faults.read()).toEqual({});
  });
});
