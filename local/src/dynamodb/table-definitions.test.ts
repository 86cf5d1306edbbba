import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamoDb, makeTemporaryFolder, startLocalDynamoDb } from './test-support.ts';

let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let local: LocalDynamoDb;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  local = await startLocalDynamoDb(folder.path);
});

afterAll(async () => {
  await local?.close();
  await folder?.remove();
});

const keyedOn = (TableName: string, key: string) =>
  new CreateTableCommand({
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  });

describe('table definitions, as every request reads them', () => {
  it('follows a table deleted and created again with another key at once', async () => {
    await local.client.send(keyedOn('reborn', 'pk'));
    await local.client.send(new PutItemCommand({ TableName: 'reborn', Item: { pk: { S: 'a' } } }));

    await local.client.send(new DeleteTableCommand({ TableName: 'reborn' }));
    await expect(
      local.client.send(new PutItemCommand({ TableName: 'reborn', Item: { pk: { S: 'a' } } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await local.client.send(keyedOn('reborn', 'id'));
    await local.client.send(new PutItemCommand({ TableName: 'reborn', Item: { id: { S: 'b' } } }));
    await expect(
      local.client.send(new PutItemCommand({ TableName: 'reborn', Item: { pk: { S: 'c' } } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('describes a table as its last update left it, and hands out no definition a caller could change', async () => {
    await local.client.send(keyedOn('updated', 'pk'));
    const before = await local.client.send(new DescribeTableCommand({ TableName: 'updated' }));
    expect(before.Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');

    await local.client.send(
      new UpdateTableCommand({
        TableName: 'updated',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
      }),
    );
    const after = await local.client.send(new DescribeTableCommand({ TableName: 'updated' }));

    expect(after.Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
    expect(after.Table?.TableStatus).toBe('ACTIVE');
  });
});
