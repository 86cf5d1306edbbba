/**
 * The composition root of the inventory service: the one place that reads configuration and
 * builds real adapters. Each handler module calls its `compose…` function once at module scope,
 * so AWS clients are built once per cold start and a missing variable fails the cold start with
 * its name (docs/architecture.md#code-rules). Tests wire in-memory adapters into the same use cases.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv } from '@shop/shared/config';
import { createLogger } from '@shop/shared/logger';
import { createBusinessMetrics } from '@shop/shared/metrics';
import { createEventBridgePublisher } from '@shop/shared/publisher';
import { queueConsumerAdapters } from '@shop/shared/sqs-event-consumer';
import { DynamoDbStockRepository } from './adapters/dynamodb-stock-repository.ts';
import { LambdaOrderReader } from './adapters/lambda-order-reader.ts';
import { catalogue } from './domain/catalogue.ts';
import { createReleaseStockForOrder } from './domain/release-stock-for-order.ts';
import { createReserveStockForOrder } from './domain/reserve-stock-for-order.ts';
import { seedCatalogue } from './domain/seed-catalogue.ts';

function createStockRepository(env: Environment, dynamodb: DynamoDBClient): DynamoDbStockRepository {
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return new DynamoDbStockRepository(documents, requireEnv('INVENTORY_TABLE', env));
}

function createPublisher(env: Environment) {
  return createEventBridgePublisher({ client: new EventBridgeClient({}), busName: requireEnv('EVENT_BUS_NAME', env) });
}

/** `reserveStock`: the OrderPlaced consumer. */
export function composeReserveStock(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const reserveStockForOrder = createReserveStockForOrder({
    stock: createStockRepository(env, dynamodb),
    orders: new LambdaOrderReader(new LambdaClient({}), requireEnv('ORDERS_READ_FUNCTION', env)),
    publisher: createPublisher(env),
    clock: () => new Date(),
    newReservationId: () => `res_${randomUUID()}`,
  });
  return {
    reserveStockForOrder,
    ...queueConsumerAdapters(env, { dynamodb }),
    metrics: createBusinessMetrics(),
  };
}

/** `releaseStock`: the OrderCancelled consumer. */
export function composeReleaseStock(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const releaseStockForOrder = createReleaseStockForOrder({
    stock: createStockRepository(env, dynamodb),
    publisher: createPublisher(env),
    clock: () => new Date(),
  });
  return {
    releaseStockForOrder,
    ...queueConsumerAdapters(env, { dynamodb }),
  };
}

/** `seedStock`: the deploy-time custom resource that puts the catalogue's starting stock. */
export function composeSeedStock(env: Environment = process.env) {
  const stock = createStockRepository(env, new DynamoDBClient({}));
  return { seed: () => seedCatalogue(stock, catalogue), logger: createLogger() };
}
