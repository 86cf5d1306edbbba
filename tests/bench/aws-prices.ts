/**
 * The list prices the benchmark turns metered calls into dollars with: pay-as-you-go, first
 * pricing tier, no free tier, no Savings Plans. Check them against the pricing pages before
 * quoting a figure; every price is in one place so that changing one is one line.
 *
 * Region: US East (N. Virginia), us-east-1. The shop deploys to eu-west-1 by default, where
 * some of these are a few per cent higher (DynamoDB, CloudWatch Logs, API Gateway). Lambda on
 * arm64 (Graviton), as the stacks declare `architecture: arm64`.
 *
 * Source: the AWS pricing page linked at each entry, as published since DynamoDB's on-demand
 * price cut of November 2024. The table was written on the date below from those published
 * figures; it was not fetched then (the machine it was written on has no internet), so confirm
 * each line against its page before quoting a cost.
 */
export const AWS_PRICES = {
  region: 'us-east-1',
  asOf: '2026-12-06',
  /** https://aws.amazon.com/lambda/pricing/ */
  lambda: { perMillionRequests: 0.2, perGbSecondArm64: 0.0000133334 },
  /** HTTP APIs, first 300 million requests a month. https://aws.amazon.com/api-gateway/pricing/ */
  httpApi: { perMillionRequests: 1.0 },
  /** Custom events put on a bus (64 KB chunks); delivery to targets is free. https://aws.amazon.com/eventbridge/pricing/ */
  eventBridge: { perMillionEvents: 1.0, perMillionPipeRequests: 0.4 },
  /** Standard queues (64 KB chunks); Lambda's pollers' receives and deletes count. https://aws.amazon.com/sqs/pricing/ */
  sqs: { perMillionRequests: 0.4 },
  /** Standard workflows. https://aws.amazon.com/step-functions/pricing/ */
  stepFunctions: { perMillionStateTransitions: 25.0 },
  /** On-demand capacity (since 1 November 2024). https://aws.amazon.com/dynamodb/pricing/on-demand/ */
  dynamoDb: { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125 },
  /** Outbound e-mail. https://aws.amazon.com/ses/pricing/ */
  ses: { perThousandEmails: 0.1 },
  /** S3 Standard requests. https://aws.amazon.com/s3/pricing/ */
  s3: { perThousandWrites: 0.005, perThousandReads: 0.0004 },
  /** Logs ingested (standard class). https://aws.amazon.com/cloudwatch/pricing/ */
  cloudWatchLogs: { perGbIngested: 0.5 },
} as const;

/** What one order used, in the units AWS bills. */
export interface MeteredUsage {
  readonly lambdaRequests: number;
  readonly lambdaGbSeconds: number;
  readonly httpApiRequests: number;
  readonly events: number;
  readonly pipeRequests: number;
  readonly sqsRequests: number;
  readonly stateTransitions: number;
  readonly dynamoDbWriteUnits: number;
  readonly dynamoDbReadUnits: number;
  readonly emails: number;
  readonly s3Writes: number;
  readonly s3Reads: number;
  readonly logBytes: number;
}

/** Dollars per million orders, by service, for the usage of one order. */
export function costPerMillionOrders(perOrder: MeteredUsage): Record<string, number> {
  const million = 1_000_000;
  const p = AWS_PRICES;
  return {
    Lambda:
      perOrder.lambdaRequests * p.lambda.perMillionRequests +
      perOrder.lambdaGbSeconds * million * p.lambda.perGbSecondArm64,
    'API Gateway': perOrder.httpApiRequests * p.httpApi.perMillionRequests,
    EventBridge:
      perOrder.events * p.eventBridge.perMillionEvents + perOrder.pipeRequests * p.eventBridge.perMillionPipeRequests,
    SQS: perOrder.sqsRequests * p.sqs.perMillionRequests,
    'Step Functions': perOrder.stateTransitions * p.stepFunctions.perMillionStateTransitions,
    DynamoDB:
      perOrder.dynamoDbWriteUnits * p.dynamoDb.perMillionWriteUnits +
      perOrder.dynamoDbReadUnits * p.dynamoDb.perMillionReadUnits,
    SES: perOrder.emails * 1000 * p.ses.perThousandEmails,
    S3: perOrder.s3Writes * 1000 * p.s3.perThousandWrites + perOrder.s3Reads * 1000 * p.s3.perThousandReads,
    'CloudWatch Logs': (perOrder.logBytes * million * p.cloudWatchLogs.perGbIngested) / 1024 ** 3,
  };
}
