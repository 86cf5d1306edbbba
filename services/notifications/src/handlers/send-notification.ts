import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { type BusinessMetrics, NO_METRICS } from '@shop/shared/metrics';
import { createPipeTarget } from '@shop/shared/pipe-consumer';
import { composeSendNotification } from '../compose.ts';
import { isNotificationRequest, type NotificationRequest } from '../domain/notification.ts';
import type { NotificationSent } from '../domain/send-notification.ts';

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
 * identical redelivery without touching the ledger. Answers `batchItemFailures` with the SQS
 * message ids to retry: items the enrichment could not complete and e-mails that could not be sent.
 */
export function createSendNotificationHandler(deps: SendNotificationHandlerDependencies) {
  const { logger } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  return createPipeTarget({
    logger,
    idempotency: deps.idempotency,
    isValue: isNotificationRequest,
    correlationOf: (request) => ({ source: request.metadata, orderId: request.data.orderId }),
    // Runs once per idempotency key: a redelivery answered from the store is neither a mail nor counted.
    handle: async (request) => {
      const sent = await deps.sendNotification(request);
      if (sent.outcome === 'sent') {
        metrics.record('MailsSent', 1, 'Count', { kind: sent.eventName });
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
      return sent;
    },
  });
}

export const handler = createSendNotificationHandler(composeSendNotification());
