import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { describeError } from '@shop/shared/errors';
import { type IdempotencyStore, makeEventIdempotent } from '@shop/shared/idempotency';
import { CORRELATION_KEYS, type Logger, withCorrelation } from '@shop/shared/logger';
import { type BusinessMetrics, NO_METRICS } from '@shop/shared/metrics';
import type { Context } from 'aws-lambda';
import { composeSendNotification } from '../compose.ts';
import type { NotificationRequest } from '../domain/notification.ts';
import type { NotificationSent } from '../domain/send-notification.ts';
import { isPipeItem, type PipeTargetResponse } from './pipe-item.ts';

export interface SendNotificationHandlerDependencies {
  readonly sendNotification: (request: NotificationRequest) => Promise<NotificationSent>;
  readonly logger: Logger;
  readonly idempotency: IdempotencyStore;
  /** `Shop/Notifications`: `MailsSent`, also by the event the mail tells of. */
  readonly metrics?: BusinessMetrics;
}

/**
 * The pipe's target: receives the enrichment's items and sends one e-mail per order and kind of
 * notice (the use case's ledger), so a redelivered batch, an archive replay or a re-published
 * event never mails twice; Powertools idempotency on `metadata.idempotencyKey` answers an
 * identical redelivery without touching the ledger. Answers `batchItemFailures` with the SQS message ids to retry:
 * items the enrichment could not complete and e-mails that could not be sent.
 */
export function createSendNotificationHandler(deps: SendNotificationHandlerDependencies) {
  const { logger, idempotency } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  // Counted inside the idempotent call: a redelivery answered from the idempotency store is not a mail.
  const sendOnce = makeEventIdempotent(async (request: NotificationRequest) => {
    const sent = await deps.sendNotification(request);
    if (sent.outcome === 'sent') metrics.record('MailsSent', 1, 'Count', { kind: sent.eventName });
    return sent;
  }, idempotency);
  // Items are sent one after another, so the store's duplicate signal belongs to the item at hand.
  let duplicate = false;
  idempotency.onDuplicate(() => {
    duplicate = true;
  });

  return middy<unknown, PipeTargetResponse, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (items, context) => {
      idempotency.registerLambdaContext(context);
      // Anything but items fails the whole batch: Pipes retries it, the DLQ ends it.
      if (!Array.isArray(items) || !items.every(isPipeItem)) {
        throw new TypeError('sendNotification expects the array of items enrichNotification answers');
      }
      const failed: string[] = [];
      for (const item of items) {
        if (item.outcome === 'unavailable') {
          logger.warn('Not enriched; the message will be retried', { messageId: item.messageId, reason: item.reason });
          failed.push(item.messageId);
          continue;
        }
        const { notification } = item;
        withCorrelation(logger, notification.metadata, notification.data.orderId);
        try {
          duplicate = false;
          const sent = await sendOnce(notification);
          if (duplicate) {
            logger.info('Duplicate delivery: answered with the stored result, the work was not done again', {
              storedResult: sent,
            });
          } else if (sent.outcome === 'sent') {
            logger.info('Customer notified', { eventName: sent.eventName, sesMessageId: sent.messageId });
          } else if (sent.outcome === 'already-sent') {
            logger.info('Customer already notified of this; not sent again', { eventName: sent.eventName });
          } else {
            // At most once: an earlier attempt was cut off after claiming the notice. Check the
            // mail provider's sending logs for this order before resending by hand.
            logger.error('An earlier attempt to send this notice was cut off; it may not have been sent', {
              eventName: sent.eventName,
            });
          }
        } catch (error) {
          logger.error('Sending failed; the message will be retried', {
            messageId: item.messageId,
            error: describeError(error),
          });
          failed.push(item.messageId);
        } finally {
          logger.removeKeys([...CORRELATION_KEYS]);
        }
      }
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}

export const handler = createSendNotificationHandler(composeSendNotification());
