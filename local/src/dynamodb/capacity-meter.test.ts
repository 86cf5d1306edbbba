import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsumedCapacity, itemSize } from './capacity-meter.ts';
import { type LocalDynamoDb, makeTemporaryFolder, startLocalDynamoDb } from './test-support.ts';

let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let dynamo: LocalDynamoDb;
const metered: ConsumedCapacity[] = [];

/** What the meter counted for one request. */
async function meterOf(send: () => Promise<unknown>): Promise<{ read: number; write: number }> {
  const from = metered.length;
  await send().catch(() => undefined);
  const counted = metered.slice(from);
  return {
    read: counted.reduce((sum, entry) => sum + entry.readUnits, 0),
    write: counted.reduce((sum, entry) => sum + entry.writeUnits, 0),
  };
}

const item = (id: string, bytes: number) => ({ pk: { S: id }, body: { S: 'x'.repeat(bytes) } });

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  dynamo = await startLocalDynamoDb(folder.path, { onConsumedCapacity: (consumed) => metered.push(consumed) });
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: 'Orders',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  await dynamo.close();
  await folder.remove();
});

describe('the DynamoDB capacity meter', () => {
  it('sizes items as DynamoDB does: attribute names plus values', () => {
    expect(itemSize({ pk: { S: 'order-1' }, paid: { BOOL: true }, total: { N: '1234' } })).toBe(2 + 7 + 4 + 1 + 5 + 3);
  });

  it('counts a write as one unit per KB of the item, as DynamoDB reports it', async () => {
    const put = (bytes: number) =>
      dynamo.client.send(
        new PutItemCommand({ TableName: 'Orders', Item: item(`w${bytes}`, bytes), ReturnConsumedCapacity: 'TOTAL' }),
      );
    for (const bytes of [10, 1500, 5000]) {
      let reported = 0;
      const counted = await meterOf(async () => {
        reported = (await put(bytes)).ConsumedCapacity?.CapacityUnits ?? -1;
      });
      expect(counted).toEqual({ read: 0, write: reported });
    }
    expect(metered.at(-1)).toMatchObject({ tableName: 'Orders', writeUnits: 5 });
  });

  it('counts reads per 4 KB, half for an eventually consistent read, as DynamoDB reports them', async () => {
    for (const consistent of [false, true]) {
      let reported = 0;
      const counted = await meterOf(async () => {
        const answer = await dynamo.client.send(
          new GetItemCommand({
            TableName: 'Orders',
            Key: { pk: { S: 'w5000' } },
            ConsistentRead: consistent,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        reported = answer.ConsumedCapacity?.CapacityUnits ?? -1;
      });
      expect(counted).toEqual({ read: reported, write: 0 });
      expect(reported).toBe(consistent ? 2 : 1);
    }
    let queried = 0;
    const query = await meterOf(async () => {
      const answer = await dynamo.client.send(
        new QueryCommand({
          TableName: 'Orders',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'w1500' } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      queried = answer.ConsumedCapacity?.CapacityUnits ?? -1;
    });
    expect(query).toEqual({ read: queried, write: 0 });
  });

  it('counts a failed conditional write as one write, and a refused request as nothing', async () => {
    const conditional = await meterOf(() =>
      dynamo.client.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: item('w10', 10),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const refused = await meterOf(() =>
      dynamo.client.send(new PutItemCommand({ TableName: 'Orders', Item: { other: { S: 'no key' } } })),
    );

    expect(conditional).toEqual({ read: 0, write: 1 });
    expect(refused).toEqual({ read: 0, write: 0 });
  });

  it('counts a transactional write twice, per item', async () => {
    const counted = await meterOf(() =>
      dynamo.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'Orders', Item: item('t1', 10) } },
            { Put: { TableName: 'Orders', Item: item('t2', 1500) } },
          ],
        }),
      ),
    );

    expect(counted).toEqual({ read: 0, write: 2 * 1 + 2 * 2 });
  });
});
