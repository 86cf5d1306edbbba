/** The composition root of the loyalty service: configuration and real adapters, built once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv } from '@shop/shared/config';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createIdempotencyStore } from '@shop/shared/idempotency';
import { createLogger } from '@shop/shared/logger';
import { DynamoDbLoyaltyLedger } from './adapters/dynamodb-loyalty-ledger.ts';
import { createFollowOrders } from './domain/follow-orders.ts';

/** `followOrders`: the consumer of OrderPlaced, OrderShipped and OrderCancelled. */
export function composeFollowOrders(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamodb);
  return {
    followOrders: createFollowOrders(new DynamoDbLoyaltyLedger(documents, requireEnv('LOYALTY_TABLE', env))),
    logger: createLogger(),
    idempotency: createIdempotencyStore({ tableName: requireEnv('IDEMPOTENCY_TABLE', env), client: dynamodb }),
    deadLetters: new SqsDeadLetterQueue(new SQSClient({}), requireEnv('DEAD_LETTER_QUEUE_URL', env)),
  };
}
