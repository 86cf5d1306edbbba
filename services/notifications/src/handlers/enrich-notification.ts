import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import { describeError, isEventValidationError } from '@shop/shared/errors';
import { CORRELATION_KEYS, type Logger, withCorrelation } from '@shop/shared/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import { composeEnrichNotification } from '../compose.ts';
import type { NotificationRequest, NotifiedEvent } from '../domain/notification.ts';
import { parseNotifiedEvent } from './parse-notified-event.ts';
import type { PipeItem } from './pipe-item.ts';

export interface EnrichNotificationHandlerDependencies {
  readonly enrichNotification: (event: NotifiedEvent) => Promise<NotificationRequest>;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterQueue;
}

/**
 * The pipe's enrichment: receives the batch of SQS records (Pipes' shape: a JSON array of
 * Lambda SQS records) and answers one item per record for the target. A schema-invalid event
 * is parked in the DLQ and left out of the answer, so Pipes deletes it; an order orders cannot
 * describe yet becomes an `unavailable` item that the target fails, so only that message is
 * retried. The function itself fails only when it cannot park a record: then the whole batch
 * comes back, as Pipes does for any enrichment failure.
 */
export function createEnrichNotificationHandler(deps: EnrichNotificationHandlerDependencies) {
  const { logger } = deps;

  async function enrichRecord(record: SQSRecord): Promise<PipeItem | undefined> {
    let event: NotifiedEvent;
    try {
      event = parseNotifiedEvent(record.body);
    } catch (error) {
      if (!isEventValidationError(error)) throw error;
      logger.error('Schema-invalid event: parked in the dead-letter queue', {
        messageId: record.messageId,
        issues: error.issues,
      });
      await deps.deadLetters.park(record, error.issues);
      return undefined;
    }
    withCorrelation(logger, event.metadata, event.data.orderId);
    try {
      const notification = await deps.enrichNotification(event);
      const { label } = notification;
      if (label !== undefined && label.state !== 'linked') {
        logger.warn('Label document unavailable: the mail goes without its link', {
          state: label.state,
          key: event.eventName === 'OrderShipped' ? event.data.label?.key : undefined,
        });
      } else if (label !== undefined) {
        logger.info('Label document fetched and checked against the event: the mail links to it');
      }
      return { messageId: record.messageId, outcome: 'enriched', notification };
    } catch (error) {
      logger.warn('Enrichment unavailable (order summary or label store); the message will be retried', {
        messageId: record.messageId,
        error: describeError(error),
      });
      return { messageId: record.messageId, outcome: 'unavailable', reason: describeError(error) };
    } finally {
      logger.removeKeys([...CORRELATION_KEYS]);
    }
  }

  return middy<SQSRecord[], PipeItem[], Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (records) => {
      const items: PipeItem[] = [];
      // One after another: the logger carries one record's correlation keys at a time.
      for (const record of records) {
        const item = await enrichRecord(record);
        if (item) items.push(item);
      }
      return items;
    });
}

export const handler = createEnrichNotificationHandler(composeEnrichNotification());
