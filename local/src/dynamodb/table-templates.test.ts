import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableTemplate } from './table-templates.ts';
import { ACCOUNT_ID, type LocalDynamoDb, makeTemporaryFolder, REGION, startLocalDynamoDb } from './test-support.ts';

/** The orders table as `services/orders/serverless.yml` declares it (stage `local`). */
const ordersTable: TableTemplate = {
  stack: 'shop-orders',
  logicalId: 'OrdersTable',
  properties: {
    TableName: 'shop-orders-local',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'orderId', AttributeType: 'S' },
      { AttributeName: 'outboxPending', AttributeType: 'S' },
      { AttributeName: 'placedAt', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by-outbox',
        KeySchema: [
          { AttributeName: 'outboxPending', KeyType: 'HASH' },
          { AttributeName: 'placedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    SSESpecification: { SSEEnabled: true },
    DeletionProtectionEnabled: true,
    Tags: [{ Key: 'service', Value: 'orders' }],
  },
};

const idempotencyTable: TableTemplate = {
  stack: 'shop-orders',
  logicalId: 'IdempotencyTable',
  properties: {
    TableName: 'shop-orders-idempotency-local',
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: 5 },
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
  },
};

let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let local: LocalDynamoDb;

beforeEach(async () => {
  folder = await makeTemporaryFolder();
  local = await startLocalDynamoDb(folder.path);
});

afterEach(async () => {
  await local.close();
  await folder.remove();
});

describe('createTablesFromTemplates', () => {
  it('creates tables from CloudFormation properties, GSI, tags and TTL included', async () => {
    const provisioned = await local.service.createTablesFromTemplates([ordersTable, idempotencyTable]);

    expect(provisioned).toEqual([
      {
        stack: 'shop-orders',
        logicalId: 'OrdersTable',
        tableName: 'shop-orders-local',
        tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/shop-orders-local`,
        created: true,
      },
      expect.objectContaining({
        logicalId: 'IdempotencyTable',
        tableName: 'shop-orders-idempotency-local',
        created: true,
      }),
    ]);
    const { Table } = await local.client.send(new DescribeTableCommand({ TableName: 'shop-orders-local' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    await local.client.send(
      new PutItemCommand({
        TableName: 'shop-orders-local',
        Item: { orderId: { S: 'o-1' }, outboxPending: { S: 'PENDING' }, placedAt: { S: '2026-01-01T00:00:00Z' } },
      }),
    );
    const { Items } = await local.client.send(
      new QueryCommand({
        TableName: 'shop-orders-local',
        IndexName: 'by-outbox',
        KeyConditionExpression: 'outboxPending = :pending',
        ExpressionAttributeValues: { ':pending': { S: 'PENDING' } },
      }),
    );
    expect(Items?.map((item) => item.orderId?.S)).toEqual(['o-1']);

    const { Tags } = await local.client.send(new ListTagsOfResourceCommand({ ResourceArn: provisioned[0]?.tableArn }));
    expect(Tags).toEqual([{ Key: 'service', Value: 'orders' }]);

    const ttl = await local.client.send(new DescribeTimeToLiveCommand({ TableName: 'shop-orders-idempotency-local' }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiration' });
    const provisionedTable = await local.client.send(
      new DescribeTableCommand({ TableName: 'shop-orders-idempotency-local' }),
    );
    expect(provisionedTable.Table?.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
  });

  it('leaves an existing table with the same key schema and its items alone', async () => {
    await local.service.createTablesFromTemplates([ordersTable]);
    await local.client.send(new PutItemCommand({ TableName: 'shop-orders-local', Item: { orderId: { S: 'o-1' } } }));

    const [again] = await local.service.createTablesFromTemplates([ordersTable]);

    expect(again?.created).toBe(false);
    const { Item } = await local.client.send(
      new GetItemCommand({ TableName: 'shop-orders-local', Key: { orderId: { S: 'o-1' } } }),
    );
    expect(Item).toEqual({ orderId: { S: 'o-1' } });
  });

  it('refuses an existing table whose key schema differs from the template', async () => {
    await local.service.createTablesFromTemplates([idempotencyTable]);
    const changed: TableTemplate = {
      ...idempotencyTable,
      properties: {
        ...idempotencyTable.properties,
        AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      },
    };

    await expect(local.service.createTablesFromTemplates([changed])).rejects.toThrow(
      'Stack shop-orders: AWS::DynamoDB::Table IdempotencyTable: table shop-orders-idempotency-local already exists in the local data with a different key schema',
    );
  });

  it('refuses StreamSpecification, naming the stack, the resource and the property, before creating anything', async () => {
    const streamed: TableTemplate = {
      ...ordersTable,
      properties: { ...ordersTable.properties, StreamSpecification: { StreamViewType: 'NEW_IMAGE' } },
    };

    await expect(local.service.createTablesFromTemplates([idempotencyTable, streamed])).rejects.toThrow(
      'Stack shop-orders: AWS::DynamoDB::Table OrdersTable: property StreamSpecification is not supported by the local cloud (DynamoDB Streams are not emulated)',
    );
    const error = await local.client
      .send(new DescribeTableCommand({ TableName: 'shop-orders-idempotency-local' }))
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses an unknown property of a global secondary index', async () => {
    const withWarmIndex: TableTemplate = {
      ...ordersTable,
      properties: {
        ...ordersTable.properties,
        GlobalSecondaryIndexes: [
          {
            IndexName: 'by-outbox',
            KeySchema: [{ AttributeName: 'outboxPending', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
            WarmThroughput: { ReadUnitsPerSecond: 12000 },
          },
        ],
      },
    };

    await expect(local.service.createTablesFromTemplates([withWarmIndex])).rejects.toThrow(
      'property GlobalSecondaryIndexes[0].WarmThroughput is not supported by the local cloud',
    );
  });

  it("reports dynalite's refusal of an invalid table with the resource that declared it", async () => {
    const withoutThroughput: TableTemplate = {
      ...idempotencyTable,
      properties: { ...idempotencyTable.properties, ProvisionedThroughput: undefined },
    };
    const { ProvisionedThroughput: _, ...properties } = withoutThroughput.properties;

    await expect(local.service.createTablesFromTemplates([{ ...withoutThroughput, properties }])).rejects.toThrow(
      /^Stack shop-orders: AWS::DynamoDB::Table IdempotencyTable: CreateTable shop-orders-idempotency-local was refused: .*ReadCapacityUnits and WriteCapacityUnits must both be specified/,
    );
  });
});
