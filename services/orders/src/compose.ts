/**
 * The composition root of the orders service: the one place that reads configuration and
 * builds real adapters. Each handler module calls its `compose…` function once at module scope,
 * so a function's AWS clients are built once per cold start and a missing variable fails the
 * cold start with its name (docs/architecture.md#code-rules). Each function reads only the variables its
 * `serverless.yml` entry gives it. Tests wire in-memory adapters into the same use cases.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv, requireIntegerEnv } from '@shop/shared/config';
import { createLogger } from '@shop/shared/logger';
import { createBusinessMetrics } from '@shop/shared/metrics';
import { createEventBridgePublisher } from '@shop/shared/publisher';
import { queueConsumerAdapters } from '@shop/shared/sqs-event-consumer';
import { DynamoDbOrderRepository } from './adapters/dynamodb-order-repository.ts';
import { createIdempotentPlaceOrder } from './adapters/idempotent-place-order.ts';
import { createOrderMetrics } from './adapters/order-metrics.ts';
import { createCancelOrder } from './domain/cancel-order.ts';
import { createFollowOrder } from './domain/follow-order.ts';
import { createGetOrder } from './domain/get-order.ts';
import { createOrderId } from './domain/order-id.ts';
import { createPlaceOrder } from './domain/place-order.ts';
import { priceOf } from './domain/price-list.ts';
import { createReadOrder } from './domain/read-order.ts';
import { createRelayOutbox } from './domain/relay-outbox.ts';

const clock = () => new Date();

function createOrderRepository(env: Environment, dynamodb: DynamoDBClient): DynamoDbOrderRepository {
  // Orders are written with optional attributes spread in, never as `undefined`; removing
  // undefined values anyway keeps a future optional field from failing the marshaller.
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return new DynamoDbOrderRepository(documents, requireEnv('ORDERS_TABLE', env));
}

function createPublisher(env: Environment) {
  return createEventBridgePublisher({ client: new EventBridgeClient({}), busName: requireEnv('EVENT_BUS_NAME', env) });
}

/** `placeOrder`: the use case, made idempotent on the client's Idempotency-Key. */
export function composePlaceOrder(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const logger = createLogger();
  const placeOrder = createPlaceOrder({
    orders: createOrderRepository(env, dynamodb),
    publisher: createPublisher(env),
    clock,
    newOrderId: (now) => createOrderId(now, randomBytes(10)),
    priceOf,
    log: logger,
    metrics: createOrderMetrics(createBusinessMetrics()),
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: requireEnv('IDEMPOTENCY_TABLE', env),
    awsSdkV3Client: dynamodb,
  });
  return { ...createIdempotentPlaceOrder(placeOrder, persistenceStore), logger };
}

/** `getOrder`: reads one order for its status page. */
export function composeGetOrder(env: Environment = process.env) {
  return { getOrder: createGetOrder(createOrderRepository(env, new DynamoDBClient({}))), logger: createLogger() };
}

/** `readOrder`: the read interface other services invoke. */
export function composeReadOrder(env: Environment = process.env) {
  return { readOrder: createReadOrder(createOrderRepository(env, new DynamoDBClient({}))), logger: createLogger() };
}

/** `cancelOrder`: the customer's cancel, `POST /orders/{id}/cancel`. */
export function composeCancelOrder(env: Environment = process.env) {
  const logger = createLogger();
  const cancelOrder = createCancelOrder({
    orders: createOrderRepository(env, new DynamoDBClient({})),
    publisher: createPublisher(env),
    clock,
    log: logger,
    metrics: createOrderMetrics(createBusinessMetrics()),
  });
  return { cancelOrder, logger };
}

/** `followOrder`: the consumer of the other contexts' events about orders (the order-events queue). */
export function composeFollowOrder(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const logger = createLogger();
  const followOrder = createFollowOrder({
    orders: createOrderRepository(env, dynamodb),
    publisher: createPublisher(env),
    clock,
    log: logger,
    metrics: createOrderMetrics(createBusinessMetrics()),
  });
  return {
    followOrder,
    ...queueConsumerAdapters(env, { dynamodb }),
    logger,
  };
}

/** `relayOutbox`: the scheduled sweeper of unpublished order events. */
export function composeRelayOutbox(env: Environment = process.env) {
  const logger = createLogger();
  const relayOutbox = createRelayOutbox({
    orders: createOrderRepository(env, new DynamoDBClient({})),
    publisher: createPublisher(env),
    clock,
    log: logger,
    graceSeconds: requireIntegerEnv('OUTBOX_GRACE_SECONDS', env),
  });
  return { relayOutbox, logger };
}
