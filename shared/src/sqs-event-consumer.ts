/**
 * The shape of every event consumer in the shop: an SQS queue (fed by an EventBridge rule)
 * drained by a Lambda function with `ReportBatchItemFailures`. Per record it validates the
 * event against the catalog, tags the logs with the order's correlation id, and runs the use
 * case once per idempotency key. One failing record fails alone; a malformed one goes
 * straight to the DLQ instead of being retried until `maxReceiveCount`.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SendMessageCommand, type SendMessageCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { EventDetail, EventName } from '@shop/events';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError, isEventValidationError } from './errors.ts';
import { type IdempotencyStore, makeEventIdempotent } from './idempotency.ts';
import { CORRELATION_KEYS, withCorrelation } from './logger.ts';
import { parseEventBridgeEvent } from './validate-event.ts';

/** The one SQS client method the consumer calls; `SQSClient` satisfies it. */
export interface SendMessageClient {
  send(command: SendMessageCommand): Promise<SendMessageCommandOutput>;
}

/** Options of {@link createSqsEventConsumer}. */
export interface SqsEventConsumerOptions<N extends EventName> {
  /** The event this queue receives (the rule's `detail-type`). */
  readonly eventName: N;
  /** Built once at module scope; gets the Lambda context and, per record, the correlation keys. */
  readonly logger: Logger;
  /** Keys the use case on `metadata.idempotencyKey`. */
  readonly idempotency: IdempotencyStore;
  /**
   * The use case, called with the validated envelope of any cataloged version of the event.
   * Throw to have the record retried (after the queue's visibility timeout); return plain
   * data, which is what a duplicate delivery gets back.
   */
  readonly handle: (envelope: EventDetail<N>) => Promise<unknown>;
  /**
   * Where schema-invalid messages go at once (usually the queue's own redrive DLQ). Without
   * it they are reported as failed and reach the DLQ through the redrive policy, after
   * `maxReceiveCount` pointless receives.
   */
  readonly deadLetterQueueUrl?: string;
  /** Built once at module scope; created on demand when `deadLetterQueueUrl` is set. */
  readonly sqsClient?: SendMessageClient;
  /** Passed to {@link makeEventIdempotent}; defaults to the function name. */
  readonly idempotencyKeyPrefix?: string;
}

/** The Lambda handler an SQS event source mapping invokes. */
export type SqsEventConsumerHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context>;

/** SQS message attribute values are limited only by the 256 KiB message size; keep ours small. */
const MAX_ISSUES_ATTRIBUTE_LENGTH = 4096;

function orderIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('orderId' in data)) return undefined;
  return typeof data.orderId === 'string' ? data.orderId : undefined;
}

/**
 * Builds the handler of an SQS-triggered consumer of `eventName`.
 *
 * Records are processed one after another, not in parallel: the logger carries one
 * record's correlation keys at a time, and a batch is small (at most 10 by default).
 * When every record of a batch fails, Powertools throws instead of reporting each one; Lambda
 * then backs off its SQS polling, which is what an outage downstream needs.
 */
export function createSqsEventConsumer<N extends EventName>(
  options: SqsEventConsumerOptions<N>,
): SqsEventConsumerHandler {
  const { eventName, logger, idempotency, deadLetterQueueUrl } = options;
  // The records are parsed as `eventName` (detail-type checked), so the use case typed for N
  // can take them; TypeScript cannot follow that through the generic, hence the one cast.
  const handleAny = options.handle as (envelope: EventDetail) => Promise<unknown>;
  const handleOnce = makeEventIdempotent(
    handleAny,
    idempotency,
    options.idempotencyKeyPrefix === undefined ? {} : { keyPrefix: options.idempotencyKeyPrefix },
  );
  const sqs = deadLetterQueueUrl === undefined ? undefined : (options.sqsClient ?? new SQSClient({}));

  async function parkInDeadLetterQueue(record: SQSRecord, issues: readonly string[]): Promise<void> {
    if (!sqs || deadLetterQueueUrl === undefined) return;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          validationIssues: {
            DataType: 'String',
            StringValue: issues.join('\n').slice(0, MAX_ISSUES_ATTRIBUTE_LENGTH) || 'invalid event',
          },
          expectedEvent: { DataType: 'String', StringValue: eventName },
          sourceMessageId: { DataType: 'String', StringValue: record.messageId },
          ...(record.eventSourceARN
            ? { sourceQueueArn: { DataType: 'String', StringValue: record.eventSourceARN } }
            : {}),
        },
      }),
    );
  }

  async function processRecord(record: SQSRecord): Promise<void> {
    let envelope: EventDetail;
    try {
      envelope = parseEventBridgeEvent<EventName>(eventName, record.body);
    } catch (error) {
      if (!isEventValidationError(error)) throw error;
      logger.error('Schema-invalid event', { messageId: record.messageId, eventName, issues: error.issues });
      // Without a DLQ to send it to, fail the record: the redrive policy parks it eventually.
      if (!sqs) throw error;
      // If this send fails, the record fails and is retried: nothing is lost.
      await parkInDeadLetterQueue(record, error.issues);
      logger.warn('Sent schema-invalid event to the dead-letter queue', { messageId: record.messageId });
      return;
    }
    withCorrelation(logger, envelope.metadata, orderIdOf(envelope.data));
    try {
      await handleOnce(envelope);
    } catch (error) {
      logger.error('Event handling failed; the message will be retried', {
        messageId: record.messageId,
        error: describeError(error),
      });
      throw error;
    } finally {
      logger.removeKeys([...CORRELATION_KEYS]);
    }
  }

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event, context) => {
      idempotency.registerLambdaContext(context);
      const processor = new BatchProcessor(EventType.SQS);
      return processPartialResponse(event, processRecord, processor, { context, processInParallel: false });
    });
}
