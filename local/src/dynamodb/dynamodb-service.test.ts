import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalDynamoDb, makeTemporaryFolder, startLocalDynamoDb } from './test-support.ts';

const TABLE = 'stock';

let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let local: LocalDynamoDb;
let documents: DynamoDBDocumentClient;
let now: number;

async function createStockTable(target: LocalDynamoDb): Promise<void> {
  await target.client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

async function read(pk: string, sk = 'item'): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }));
  return Item;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  folder = await makeTemporaryFolder();
  now = Date.UTC(2026, 0, 1);
  local = await startLocalDynamoDb(folder.path, { clock: () => now });
  documents = DynamoDBDocumentClient.from(local.client);
  await createStockTable(local);
});

afterEach(async () => {
  await local.close();
  await folder.remove();
});

describe('DynamoDB emulator pass-through', () => {
  it('serves CRUD and queries through dynalite', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 5 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'note', text: 'fragile' } }));
    await documents.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: 'sku-1', sk: 'item' },
        UpdateExpression: 'SET available = available - :q',
        ExpressionAttributeValues: { ':q': 2 },
      }),
    );
    expect(await read('sku-1')).toEqual({ pk: 'sku-1', sk: 'item', available: 3 });

    const { Items } = await documents.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'sku-1' },
      }),
    );
    expect(Items?.map((item) => item.sk)).toEqual(['item', 'note']);

    await documents.send(new DeleteCommand({ TableName: TABLE, Key: { pk: 'sku-1', sk: 'note' } }));
    expect(await read('sku-1', 'note')).toBeUndefined();
  });

  it("passes dynalite's errors through in DynamoDB's shape", async () => {
    const error = await rejectionOf(documents.send(new GetCommand({ TableName: 'missing', Key: { pk: 'x' } })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('adds the current item to a failed conditional put when ALL_OLD is asked for', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 1 } }));
    const error = await rejectionOf(
      documents.send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: 'sku-1', sk: 'item', available: 9 },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).Item).toEqual({
      pk: { S: 'sku-1' },
      sk: { S: 'item' },
      available: { N: '1' },
    });
  });
});

describe('DynamoDB emulator TransactWriteItems', () => {
  it('applies every action of a transaction whose conditions hold', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 5 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-2', sk: 'item', available: 1 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'old', sk: 'item' } }));

    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: { pk: 'sku-1', sk: 'item' },
              UpdateExpression: 'SET available = available - :q',
              ConditionExpression: 'available >= :q',
              ExpressionAttributeValues: { ':q': 2 },
            },
          },
          { Put: { TableName: TABLE, Item: { pk: 'order-1', sk: 'item', status: 'RESERVED' } } },
          { Delete: { TableName: TABLE, Key: { pk: 'old', sk: 'item' } } },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { pk: 'sku-2', sk: 'item' },
              ConditionExpression: 'available = :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );

    expect(await read('sku-1')).toMatchObject({ available: 3 });
    expect(await read('order-1')).toMatchObject({ status: 'RESERVED' });
    expect(await read('old')).toBeUndefined();
    expect(await read('sku-2')).toEqual({ pk: 'sku-2', sk: 'item', available: 1 });
  });

  it('writes nothing and reports the reasons in request order when one condition fails', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 5 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-2', sk: 'item', available: 1 } }));

    const error = await rejectionOf(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: { pk: 'sku-1', sk: 'item' },
                UpdateExpression: 'SET available = available - :q',
                ConditionExpression: 'available >= :q',
                ExpressionAttributeValues: { ':q': 2 },
              },
            },
            {
              Update: {
                TableName: TABLE,
                Key: { pk: 'sku-2', sk: 'item' },
                UpdateExpression: 'SET available = available - :q',
                ConditionExpression: 'available >= :q',
                ExpressionAttributeValues: { ':q': 2 },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: TABLE, Item: { pk: 'order-1', sk: 'item' } } },
          ],
        }),
      ),
    );

    expect(error).toBeInstanceOf(TransactionCanceledException);
    const canceled = error as TransactionCanceledException;
    expect(canceled.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]',
    );
    expect(canceled.CancellationReasons).toEqual([
      { Code: 'None' },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { pk: { S: 'sku-2' }, sk: { S: 'item' }, available: { N: '1' } },
      },
      { Code: 'None' },
    ]);
    expect(await read('sku-1')).toMatchObject({ available: 5 });
    expect(await read('order-1')).toBeUndefined();
  });

  it('reports every failed condition, not only the first', async () => {
    const error = await rejectionOf(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: TABLE,
                Key: { pk: 'a', sk: 'item' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            { Put: { TableName: TABLE, Item: { pk: 'b', sk: 'item' } } },
            {
              ConditionCheck: {
                TableName: TABLE,
                Key: { pk: 'c', sk: 'item' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    expect((error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(await read('b')).toBeUndefined();
  });

  it('leaves the checked item untouched by a ConditionCheck, even an absent one', async () => {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { pk: 'ghost', sk: 'item' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: TABLE, Item: { pk: 'order-1', sk: 'item' } } },
        ],
      }),
    );
    expect(await read('ghost')).toBeUndefined();
    expect(await read('order-1')).toBeDefined();
  });

  it('rolls back applied actions and reports ValidationError when an update fails at run time', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 5 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-2', sk: 'item' } }));

    const error = await rejectionOf(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: { pk: 'sku-1', sk: 'item' },
                UpdateExpression: 'SET available = available - :q',
                ExpressionAttributeValues: { ':q': 1 },
              },
            },
            {
              Update: {
                TableName: TABLE,
                Key: { pk: 'sku-2', sk: 'item' },
                UpdateExpression: 'SET available = available - :q',
                ExpressionAttributeValues: { ':q': 1 },
              },
            },
          ],
        }),
      ),
    );

    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      {
        Code: 'ValidationError',
        Message: 'The provided expression refers to an attribute that does not exist in the item',
      },
    ]);
    expect(await read('sku-1')).toMatchObject({ available: 5 });
  });

  it('refuses two operations on one item with a ValidationException', async () => {
    const error = await rejectionOf(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { pk: 'x', sk: 'item', n: 1 } } },
            { Delete: { TableName: TABLE, Key: { pk: 'x', sk: 'item' } } },
          ],
        }),
      ),
    );
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
    });
    expect(await read('x')).toBeUndefined();
  });

  it('refuses more than 100 actions', async () => {
    const error = await rejectionOf(
      documents.send(
        new TransactWriteCommand({
          TransactItems: Array.from({ length: 101 }, (_, index) => ({
            Put: { TableName: TABLE, Item: { pk: `p${index}`, sk: 'item' } },
          })),
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect(await read('p0')).toBeUndefined();
  });

  it('applies a transaction once per ClientRequestToken and refuses the token with other parameters', async () => {
    const increment = (by: number) =>
      new TransactWriteCommand({
        ClientRequestToken: 'token-1',
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: { pk: 'counter', sk: 'item' },
              UpdateExpression: 'ADD hits :by',
              ExpressionAttributeValues: { ':by': by },
            },
          },
        ],
      });
    await documents.send(increment(1));
    await documents.send(increment(1));
    expect(await read('counter')).toMatchObject({ hits: 1 });

    const error = await rejectionOf(documents.send(increment(5)));
    expect(error).toMatchObject({ name: 'IdempotentParameterMismatchException' });

    now += 11 * 60 * 1000;
    await documents.send(increment(5));
    expect(await read('counter')).toMatchObject({ hits: 6 });
  });

  it('lets only the reservations that fit succeed when they race for the same stock', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 3 } }));
    const reserve = (order: number) =>
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: { pk: 'sku-1', sk: 'item' },
                UpdateExpression: 'SET available = available - :q',
                ConditionExpression: 'available >= :q',
                ExpressionAttributeValues: { ':q': 2 },
              },
            },
            { Put: { TableName: TABLE, Item: { pk: `order-${order}`, sk: 'item', quantity: 2 } } },
          ],
        }),
      );

    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, order) => reserve(order)));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(TransactionCanceledException);
    }
    expect(await read('sku-1')).toMatchObject({ available: 1 });
    const { Items } = await documents.send(new ScanCommand({ TableName: TABLE }));
    expect(Items?.filter((item) => String(item.pk).startsWith('order-'))).toHaveLength(1);
  });
});

describe('DynamoDB emulator TransactGetItems', () => {
  it('returns the items in request order, with an empty response for a missing item', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'a', sk: 'item', n: 1 } }));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'b', sk: 'item', n: 2 } }));

    const { Responses } = await documents.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: TABLE, Key: { pk: 'b', sk: 'item' } } },
          { Get: { TableName: TABLE, Key: { pk: 'missing', sk: 'item' } } },
          { Get: { TableName: TABLE, Key: { pk: 'a', sk: 'item' }, ProjectionExpression: 'n' } },
        ],
      }),
    );

    expect(Responses).toEqual([{ Item: { pk: 'b', sk: 'item', n: 2 } }, {}, { Item: { n: 1 } }]);
  });
});

describe('DynamoDB emulator time to live', () => {
  const nowSeconds = () => Math.floor(now / 1000);

  it('describes the TTL setting and refuses to enable it twice', async () => {
    const disabled = await local.client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(disabled.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });

    const updated = await local.client.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    expect(updated.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const enabled = await local.client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(enabled.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });

    const error = await rejectionOf(
      local.client.send(
        new UpdateTimeToLiveCommand({
          TableName: TABLE,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
  });

  it('answers ResourceNotFoundException for the TTL of a missing table', async () => {
    const error = await rejectionOf(local.client.send(new DescribeTimeToLiveCommand({ TableName: 'missing' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('deletes only items whose TTL is a Number of epoch seconds in the past', async () => {
    await local.client.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    const items = [
      { pk: 'expired', expiresAt: nowSeconds() - 60 },
      { pk: 'future', expiresAt: nowSeconds() + 60 },
      { pk: 'string-ttl', expiresAt: String(nowSeconds() - 60) },
      { pk: 'no-ttl' },
      { pk: 'ancient', expiresAt: nowSeconds() - 6 * 365 * 24 * 60 * 60 },
    ];
    for (const item of items) await documents.send(new PutCommand({ TableName: TABLE, Item: { sk: 'item', ...item } }));

    expect(await read('expired')).toBeDefined();
    const deleted = await local.service.sweepExpiredItems();

    expect(deleted).toBe(1);
    expect(await read('expired')).toBeUndefined();
    for (const kept of ['future', 'string-ttl', 'no-ttl', 'ancient']) expect(await read(kept)).toBeDefined();

    now += 120 * 1000;
    await local.service.sweepExpiredItems();
    expect(await read('future')).toBeUndefined();
  });

  it('expires nothing once TTL is disabled', async () => {
    const specification = (Enabled: boolean) =>
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled },
      });
    await local.client.send(specification(true));
    await local.client.send(specification(false));
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'expired', sk: 'item', expiresAt: 1 } }));

    expect(await local.service.sweepExpiredItems()).toBe(0);
    expect(await read('expired')).toBeDefined();
  });
});

describe('DynamoDB emulator TTL sweeper', () => {
  it('deletes expired items in the background at the configured interval', async () => {
    const backgroundFolder = await makeTemporaryFolder();
    const background = await startLocalDynamoDb(backgroundFolder.path, {
      clock: () => now,
      ttlSweepIntervalMs: 20,
    });
    try {
      await createStockTable(background);
      await background.client.send(
        new UpdateTimeToLiveCommand({
          TableName: TABLE,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      );
      const backgroundDocuments = DynamoDBDocumentClient.from(background.client);
      await backgroundDocuments.send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: 'expired', sk: 'item', expiresAt: Math.floor(now / 1000) - 1 },
        }),
      );

      await vi.waitFor(
        async () => {
          const { Item } = await backgroundDocuments.send(
            new GetCommand({ TableName: TABLE, Key: { pk: 'expired', sk: 'item' }, ConsistentRead: true }),
          );
          expect(Item).toBeUndefined();
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      await background.close();
      await backgroundFolder.remove();
    }
  });

  it('forgets the TTL setting of a deleted table, so a table recreated under its name starts without TTL', async () => {
    await local.client.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    await local.client.send(new DeleteTableCommand({ TableName: TABLE }));
    await createStockTable(local);

    const { TimeToLiveDescription } = await local.client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
  });
});

describe('DynamoDB emulator persistence', () => {
  it('keeps items and TTL settings across close and reopen of the same data folder', async () => {
    await documents.send(new PutCommand({ TableName: TABLE, Item: { pk: 'sku-1', sk: 'item', available: 7 } }));
    await local.client.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    await local.close();

    local = await startLocalDynamoDb(folder.path, { clock: () => now });
    documents = DynamoDBDocumentClient.from(local.client);

    expect(await read('sku-1')).toEqual({ pk: 'sku-1', sk: 'item', available: 7 });
    const { TimeToLiveDescription } = await local.client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });
});
