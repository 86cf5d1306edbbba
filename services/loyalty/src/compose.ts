/** The composition root of the loyalty service: configuration and real adapters, built once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Environment, requireEnv } from '@shop/shared/config';
import { queueConsumerAdapters } from '@shop/shared/sqs-event-consumer';
import { DynamoDbLoyaltyLedger } from './adapters/dynamodb-loyalty-ledger.ts';
import { createFollowOrders } from './domain/follow-orders.ts';

/** `followOrders`: the consumer of OrderPlaced, OrderShipped and OrderCancelled. */
export function composeFollowOrders(env: Environment = process.env) {
  const dynamodb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamodb);
  return {
    followOrders: createFollowOrders(new DynamoDbLoyaltyLedger(documents, requireEnv('LOYALTY_TABLE', env))),
    ...queueConsumerAdapters(env, { dynamodb }),
  };
}
