/**
 * The repository against a real DynamoDB API (dynalite, in memory, the engine the local cloud
 * runs on): the expressions and conditions here are what AWS evaluates, so they are tested by a
 * DynamoDB, not by a fake of one.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createEvent, type OutgoingEvent } from '@shop/shared/envelope';
import { ConflictError } from '@shop/shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeNewOrder } from '../domain/order.ts';
import type { PendingEvent } from '../domain/ports.ts';
import { priceOf } from '../domain/price-list.ts';
import { DynamoDbOrderRepository } from './dynamodb-order-repository.ts';

const TABLE = 'shop-orders-test';
let server: Server;
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let repository: DynamoDbOrderRepository;
let counter = 0;

beforeAll(async () => {
  const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs: number }) => Server;
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  // The table as serverless.yml declares it.
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'orderId', AttributeType: 'S' },
        { AttributeName: 'outboxPending', AttributeType: 'S' },
        { AttributeName: 'outboxAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-outbox',
          KeySchema: [
            { AttributeName: 'outboxPending', KeyType: 'HASH' },
            { AttributeName: 'outboxAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  repository = new DynamoDbOrderRepository(documents, TABLE);
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

function newOrder(placedAt: string) {
  counter += 1;
  const orderId = `ord_00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const order = placeNewOrder({
    orderId,
    customerId: 'cus-1',
    contact: { email: 'ada@example.com', name: 'Ada Lovelace' },
    correlationId: orderId,
    currency: 'EUR',
    lines: [{ sku: 'CAP-NAVY', quantity: 1 }],
    placedAt: new Date(placedAt),
    priceOf,
  });
  const placed = createEvent(
    'OrderPlaced',
    { orderId, customerId: 'cus-1', total: order.total, lineCount: 1 },
    { idempotencyKey: `OrderPlaced:${orderId}`, correlationId: orderId, causationId: 'req' },
    new Date(placedAt),
  );
  return { order, placed };
}

function cancelled(orderId: string, at: string): OutgoingEvent {
  return createEvent(
    'OrderCancelled',
    { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'PLACED' },
    { idempotencyKey: `OrderCancelled:${orderId}`, correlationId: orderId, causationId: 'req' },
    new Date(at),
  );
}

async function itemOf(orderId: string) {
  return (await documents.send(new GetCommand({ TableName: TABLE, Key: { orderId }, ConsistentRead: true }))).Item;
}

async function pendingAt(cutoff: string): Promise<PendingEvent[]> {
  const found: PendingEvent[] = [];
  for await (const pending of repository.listPendingEvents(cutoff)) found.push(pending);
  return found;
}

describe('DynamoDbOrderRepository', () => {
  it('stores a new order at revision 1 with its event pending in the sparse index, and refuses a second one', async () => {
    const { order, placed } = newOrder('2026-11-24T09:00:00.000Z');

    await repository.addWithPendingEvent(order, placed);

    expect(await repository.findForUpdate(order.orderId)).toEqual({ order, revision: 1 });
    expect(await itemOf(order.orderId)).toMatchObject({
      outboxPending: 'PENDING',
      outboxAt: '2026-11-24T09:00:00.000Z',
    });
    await expect(repository.addWithPendingEvent(order, placed)).rejects.toBeInstanceOf(ConflictError);
  });

  it('saves a change with its event in one write, and refuses a save based on a stale revision', async () => {
    const { order, placed } = newOrder('2026-11-24T09:01:00.000Z');
    await repository.addWithPendingEvent(order, placed);
    const changed = { ...order, status: 'CANCELLED' as const, cancelReason: 'CUSTOMER_REQUEST' as const };
    const event = cancelled(order.orderId, '2026-11-24T09:05:00.000Z');

    const first = await repository.saveWithPendingEvents(changed, 1, [event]);
    const stale = await repository.saveWithPendingEvents({ ...order, status: 'RESERVED' }, 1, []);

    expect([first, stale]).toEqual(['SAVED', 'STALE']);
    expect(await repository.findForUpdate(order.orderId)).toEqual({ order: changed, revision: 2 });
    const item = await itemOf(order.orderId);
    expect(item?.outbox.map((entry: { eventId: string }) => entry.eventId)).toEqual([
      placed.detail.metadata.eventId,
      event.detail.metadata.eventId,
    ]);
    // The oldest pending event still dates the item in the index.
    expect(item?.outboxAt).toBe('2026-11-24T09:01:00.000Z');
  });

  it('lists due events oldest first, each order in the order its events were stored, by their own time', async () => {
    const { order, placed } = newOrder('2026-11-24T08:00:00.000Z');
    await repository.addWithPendingEvent(order, placed);
    await repository.clearPendingEvent(order.orderId, placed.detail.metadata.eventId);
    const late = cancelled(order.orderId, '2026-11-24T08:30:00.000Z');
    await repository.saveWithPendingEvents(order, 2, [late]);

    const before = await pendingAt('2026-11-24T08:29:59.999Z');
    const after = await pendingAt('2026-11-24T08:30:00.000Z');

    expect(before.map(({ orderId }) => orderId)).not.toContain(order.orderId);
    expect(after.filter(({ orderId }) => orderId === order.orderId).map(({ event }) => event)).toEqual([late]);
  });

  it('clears one event at a time, and the item leaves the index with the last one', async () => {
    const { order, placed } = newOrder('2026-11-24T07:00:00.000Z');
    await repository.addWithPendingEvent(order, placed);
    const event = cancelled(order.orderId, '2026-11-24T07:10:00.000Z');
    await repository.saveWithPendingEvents(order, 1, [event]);

    await repository.clearPendingEvent(order.orderId, placed.detail.metadata.eventId);
    const withOne = await itemOf(order.orderId);
    await repository.clearPendingEvent(order.orderId, event.detail.metadata.eventId);
    await repository.clearPendingEvent(order.orderId, event.detail.metadata.eventId);
    const withNone = await itemOf(order.orderId);

    expect(withOne).toMatchObject({ outboxPending: 'PENDING', outboxAt: '2026-11-24T07:10:00.000Z' });
    expect(withNone).not.toHaveProperty('outboxPending');
    expect(withNone).not.toHaveProperty('outboxAt');
    expect(withNone).not.toHaveProperty('outbox');
    expect(withNone?.revision).toBe(4);
    expect((await pendingAt('2026-11-24T23:59:59.999Z')).map(({ orderId }) => orderId)).not.toContain(order.orderId);
  });

  it('answers undefined for an order it does not have, and STALE to a save of one', async () => {
    const { order } = newOrder('2026-11-24T06:00:00.000Z');

    expect(await repository.saveWithPendingEvents(order, 1, [])).toBe('STALE');
    expect(await repository.findById(order.orderId)).toBeUndefined();
    await expect(repository.clearPendingEvent(order.orderId, 'any')).resolves.toBeUndefined();
  });
});
