/**
 * The composition root of the notifications service: the one place that reads configuration
 * and builds real adapters. Each handler module calls its `compose…` function once at module
 * scope, so AWS clients are built once per cold start and a missing variable fails the cold
 * start with its name. Tests wire in-memory adapters into the same use cases.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Environment, requireEnv } from '@shop/shared/config';
import { SqsDeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { createIdempotencyStore } from '@shop/shared/idempotency';
import { createLogger } from '@shop/shared/logger';
import { createBusinessMetrics } from '@shop/shared/metrics';
import { DynamoDbNoticeLedger } from './adapters/dynamodb-notice-ledger.ts';
import { LambdaOrderSummaryReader } from './adapters/lambda-order-summary-reader.ts';
import { S3LabelDocuments } from './adapters/s3-label-documents.ts';
import { SesV2EmailSender } from './adapters/sesv2-email-sender.ts';
import { createEnrichNotification } from './domain/enrich-notification.ts';
import { createSendNotification } from './domain/send-notification.ts';

/**
 * `enrichNotification`: the pipe's enrichment, asking orders for the contact and summary, and
 * fulfillment's bucket for a shipped order's label.
 */
export function composeEnrichNotification(env: Environment = process.env) {
  return {
    enrichNotification: createEnrichNotification({
      orders: new LambdaOrderSummaryReader(new LambdaClient({}), requireEnv('ORDERS_READ_FUNCTION', env)),
      labels: new S3LabelDocuments(new S3Client({})),
    }),
    logger: createLogger(),
    deadLetters: new SqsDeadLetterQueue(new SQSClient({}), requireEnv('DEAD_LETTER_QUEUE_URL', env)),
  };
}

/** `sendNotification`: the pipe's target, sending the e-mail once per event. */
export function composeSendNotification(env: Environment = process.env) {
  const senderEmail = requireEnv('SENDER_EMAIL', env);
  const idempotencyTable = requireEnv('IDEMPOTENCY_TABLE', env);
  const noticesTable = requireEnv('NOTICES_TABLE', env);
  const dynamodb = new DynamoDBClient({});
  return {
    sendNotification: createSendNotification({
      mailer: new SesV2EmailSender(new SESv2Client({})),
      ledger: new DynamoDbNoticeLedger(dynamodb, noticesTable),
      senderEmail,
    }),
    logger: createLogger(),
    idempotency: createIdempotencyStore({ tableName: idempotencyTable, client: dynamodb }),
    metrics: createBusinessMetrics(),
  };
}

/** `notifyOperators`: the operations rule's target, mailing operators about alarms. */
export function composeNotifyOperators(env: Environment = process.env) {
  return {
    mailer: new SesV2EmailSender(new SESv2Client({})),
    logger: createLogger(),
    senderEmail: requireEnv('SENDER_EMAIL', env),
    operatorEmail: requireEnv('OPERATOR_EMAIL', env),
    metrics: createBusinessMetrics(),
  };
}
