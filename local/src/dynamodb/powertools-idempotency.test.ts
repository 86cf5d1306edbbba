import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalDynamoDb, makeTemporaryFolder, startLocalDynamoDb } from './test-support.ts';

let folder: Awaited<ReturnType<typeof makeTemporaryFolder>>;
let local: LocalDynamoDb;

beforeEach(async () => {
  folder = await makeTemporaryFolder();
  local = await startLocalDynamoDb(folder.path);
  await local.client.send(
    new CreateTableCommand({
      TableName: 'idempotency',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
});

afterEach(async () => {
  await local.close();
  await folder.remove();
});

describe('Powertools idempotency through the DynamoDB emulator', () => {
  it('runs the work once and answers a repeat with the stored result', async () => {
    let runs = 0;
    const reserveStock = async (event: { orderId: string; quantity: number }) => {
      runs += 1;
      return { reservationId: `r-${event.orderId}`, quantity: event.quantity, run: runs };
    };
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'orderId' });
    config.registerLambdaContext(lambdaContext());
    const reserveOnce = makeIdempotent(reserveStock, {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency', awsSdkV3Client: local.client }),
      config,
    });

    const first = await reserveOnce({ orderId: 'o-1', quantity: 2 });
    const repeat = await reserveOnce({ orderId: 'o-1', quantity: 2 });

    expect(first).toEqual({ reservationId: 'r-o-1', quantity: 2, run: 1 });
    expect(repeat).toEqual(first);
    expect(runs).toBe(1);
  });
});

/** What Powertools reads from the Lambda context: the time left, to expire INPROGRESS records. */
function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'reserve-stock',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:reserve-stock',
    memoryLimitInMB: '128',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/reserve-stock',
    logStreamName: '2026/01/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
