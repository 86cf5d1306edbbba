/**
 * The ledger against the local cloud's DynamoDB emulator, so its conditions, its transaction and
 * the races between events that arrive together are decided by a DynamoDB implementation.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalDynamoDb,
  makeTemporaryFolder,
  startLocalDynamoDb,
} from '../../../../local/src/dynamodb/test-support.ts';
import { createFollowOrders } from '../domain/follow-orders.ts';
import { DynamoDbLoyaltyLedger } from './dynamodb-loyalty-ledger.ts';

const TABLE = 'shop-loyalty-test';
const AT = '2026-12-06T10:00:00.000Z';

let local: LocalDynamoDb;
let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let documents: DynamoDBDocumentClient;
let ledger: DynamoDbLoyaltyLedger;
/** The use cases on this ledger, answering the outcome of each event. */
let follow: {
  notePlaced: (order: { orderId: string; customerId: string; points: number }, at: string) => Promise<string>;
  noteShipped: (orderId: string, at: string) => Promise<string>;
  noteCancelled: (orderId: string, at: string) => Promise<string>;
};
let counter = 0;
const next = () => {
  counter += 1;
  return { orderId: `ord_${counter}`, customerId: `cus_${counter}`, points: 10 + counter };
};
const orderItem = async (orderId: string) =>
  (await documents.send(new GetCommand({ TableName: TABLE, Key: { pk: `ORDER#${orderId}` }, ConsistentRead: true })))
    .Item;

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
  documents = DynamoDBDocumentClient.from(local.client);
  ledger = new DynamoDbLoyaltyLedger(documents, TABLE);
  const useCases = createFollowOrders(ledger);
  follow = {
    // One point per euro: a total of `points` euros earns `points` points.
    notePlaced: async (order, at) =>
      (await useCases.orderPlaced({ ...order, total: { amount: order.points * 100 } }, at)).outcome,
    noteShipped: async (orderId, at) => (await useCases.orderShipped({ orderId }, at)).outcome,
    noteCancelled: async (orderId, at) => (await useCases.orderCancelled({ orderId }, at)).outcome,
  };
});

afterAll(async () => {
  await local?.close();
  await folder?.remove();
});

describe('DynamoDbLoyaltyLedger, through the loyalty use cases', () => {
  it('notes a placed order as pending and credits its customer once when it ships', async () => {
    const order = next();
    expect(await follow.notePlaced(order, AT)).toBe('pending');
    expect(await follow.notePlaced(order, AT)).toBe('already-noted');
    expect(await ledger.balanceOf(order.customerId)).toBe(0);

    expect(await follow.noteShipped(order.orderId, AT)).toBe('credited');
    expect(await follow.noteShipped(order.orderId, AT)).toBe('already-settled');

    expect(await ledger.balanceOf(order.customerId)).toBe(order.points);
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'CREDITED', customerId: order.customerId });
  });

  it('credits at once a placement whose shipment arrived first', async () => {
    const order = next();
    expect(await follow.noteShipped(order.orderId, AT)).toBe('awaiting-placement');
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'SHIPPED' });

    expect(await follow.notePlaced(order, AT)).toBe('credited');
    expect(await follow.notePlaced(order, AT)).toBe('already-noted');

    expect(await ledger.balanceOf(order.customerId)).toBe(order.points);
    expect(await orderItem(order.orderId)).toMatchObject({
      status: 'CREDITED',
      customerId: order.customerId,
      points: order.points,
    });
  });

  it('gives nothing for an order cancelled before or after it was placed', async () => {
    const early = next();
    expect(await follow.noteCancelled(early.orderId, AT)).toBe('cancelled');
    expect(await follow.notePlaced(early, AT)).toBe('already-noted');
    const late = next();
    await follow.notePlaced(late, AT);
    expect(await follow.noteCancelled(late.orderId, AT)).toBe('cancelled');
    expect(await follow.noteCancelled(late.orderId, AT)).toBe('already-settled');
    expect(await follow.noteShipped(late.orderId, AT)).toBe('already-settled');

    expect(await ledger.balanceOf(early.customerId)).toBe(0);
    expect(await ledger.balanceOf(late.customerId)).toBe(0);
  });

  it('credits exactly once when the placement and the shipment race each other', async () => {
    const orders = Array.from({ length: 20 }, next);

    const outcomes = await Promise.all(
      orders.map((order) => Promise.all([follow.notePlaced(order, AT), follow.noteShipped(order.orderId, AT)])),
    );

    for (const [index, [placed, shipped]] of outcomes.entries()) {
      const order = orders[index] ?? expect.fail('no order');
      // Whichever came second credited; the first only noted.
      expect(
        [placed, shipped].filter((outcome) => outcome === 'credited'),
        order.orderId,
      ).toHaveLength(1);
      expect(await ledger.balanceOf(order.customerId)).toBe(order.points);
    }
  });
});
