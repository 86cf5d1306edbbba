/**
 * The composition root of the payments service: the one place that reads configuration and
 * builds real adapters. Each handler module calls its `compose…` function once at module scope,
 * so AWS clients are built once per cold start and a missing variable fails the cold start with
 * its name (docs/architecture.md#code-rules). Tests wire in-memory adapters into the same use cases.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv, requireIntegerEnv } from '@shop/shared/config';
import { createBusinessMetrics } from '@shop/shared/metrics';
import { createEventBridgePublisher } from '@shop/shared/publisher';
import { queueConsumerAdapters } from '@shop/shared/sqs-event-consumer';
import { DynamoDbPaymentRepository } from './adapters/dynamodb-payment-repository.ts';
import { DynamoDbProviderSettings } from './adapters/dynamodb-provider-settings.ts';
import { SimulatedPaymentProvider } from './adapters/simulated-payment-provider.ts';
import { createCancelPaymentForOrder } from './domain/cancel-payment-for-order.ts';
import { createCapturePaymentForOrder } from './domain/capture-payment-for-order.ts';
import { createNoticePaymentDelay } from './domain/notice-payment-delay.ts';
import type { PaymentDependencies } from './domain/payment-steps.ts';

/** The documents client both the payment records and the provider settings are read with. */
export function createDocumentClient(dynamodb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
}

function composePaymentDependencies(env: Environment, dynamodb: DynamoDBClient): PaymentDependencies {
  const documents = createDocumentClient(dynamodb);
  const tableName = requireEnv('PAYMENTS_TABLE', env);
  return {
    payments: new DynamoDbPaymentRepository(documents, tableName),
    provider: new SimulatedPaymentProvider({ settings: new DynamoDbProviderSettings(documents, tableName) }),
    publisher: createEventBridgePublisher({
      client: new EventBridgeClient({}),
      busName: requireEnv('EVENT_BUS_NAME', env),
    }),
    clock: () => new Date(),
  };
}

/** What every payments queue consumer needs besides its use case. */
function composeConsumer(env: Environment, dynamodb: DynamoDBClient) {
  const sqsClient = new SQSClient({});
  return {
    ...queueConsumerAdapters(env, { dynamodb, sqs: sqsClient }),
    queueUrl: requireEnv('SOURCE_QUEUE_URL', env),
    visibilityClient: sqsClient,
    metrics: createBusinessMetrics(),
  };
}

/** `capturePayment`: the InventoryReserved consumer of the payment queue. */
export function composeCapturePayment(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const payment = composePaymentDependencies(env, dynamodb);
  const capturePaymentForOrder = createCapturePaymentForOrder(payment);
  const noticePaymentDelay = createNoticePaymentDelay({
    ...payment,
    noticeAfterSeconds: requireIntegerEnv('DELAY_NOTICE_SECONDS', env),
  });
  return { capturePaymentForOrder, noticePaymentDelay, ...composeConsumer(env, dynamodb) };
}

/** `cancelPayment`: the OrderCancelled consumer of the compensation queue. */
export function composeCancelPayment(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const cancelPaymentForOrder = createCancelPaymentForOrder(composePaymentDependencies(env, dynamodb));
  return { cancelPaymentForOrder, ...composeConsumer(env, dynamodb) };
}
