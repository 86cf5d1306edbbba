/**
 * The composition root of the fulfillment service's SQS consumers (the saga's tasks have theirs
 * in `compose-saga.ts`, so their bundles stay small): the one place that reads configuration and
 * builds real adapters. Each handler module calls its `compose…` function once at module scope,
 * so AWS clients are built once per cold start and a missing variable fails the cold start with
 * its name (docs/architecture.md#code-rules). Tests wire in-memory adapters into the same use cases.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv } from '@shop/shared/config';
import { queueConsumerAdapters } from '@shop/shared/sqs-event-consumer';
import { DynamoDbFulfillmentRepository } from './adapters/dynamodb-fulfillment-repository.ts';
import { StepFunctionsSagaStarter } from './adapters/step-functions-saga-starter.ts';
import { createRecordCancellation } from './domain/record-cancellation.ts';
import { createStartFulfillment } from './domain/start-fulfillment.ts';

function createDocumentClient(dynamodb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
}

/** What every SQS consumer of the service needs beside its use case. */
function composeConsumer(env: Environment, dynamodb: DynamoDBClient) {
  return {
    ...queueConsumerAdapters(env, { dynamodb }),
  };
}

/** `startFulfillment`: the PaymentCaptured consumer that starts the saga. */
export function composeStartFulfillment(env: Environment = process.env) {
  const saga = new StepFunctionsSagaStarter(new SFNClient({}), requireEnv('STATE_MACHINE_ARN', env));
  return { startFulfillment: createStartFulfillment({ saga }), ...composeConsumer(env, new DynamoDBClient({})) };
}

/** `recordCancellation`: the OrderCancelled consumer. */
export function composeRecordCancellation(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const repository = new DynamoDbFulfillmentRepository(
    createDocumentClient(dynamodb),
    requireEnv('FULFILLMENT_TABLE', env),
  );
  return {
    recordCancellation: createRecordCancellation({ repository, clock: () => new Date() }),
    ...composeConsumer(env, dynamodb),
  };
}
