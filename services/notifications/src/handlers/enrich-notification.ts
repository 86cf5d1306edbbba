import type { EventDetail } from '@shop/events';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { Logger } from '@shop/shared/logger';
import { createPipeEnrichment } from '@shop/shared/pipe-consumer';
import { composeEnrichNotification } from '../compose.ts';
import {
  NOTIFIED_EVENTS,
  type NotificationRequest,
  type NotifiedEvent,
  type NotifiedEventName,
} from '../domain/notification.ts';

export interface EnrichNotificationHandlerDependencies {
  readonly enrichNotification: (event: NotifiedEvent) => Promise<NotificationRequest>;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterQueue;
}

/**
 * The pipe's enrichment: one item per SQS record for the target. A schema-invalid event, or
 * one of a type this service does not notify about, is parked in the DLQ and left out, so
 * Pipes deletes it; an order orders cannot describe yet becomes an `unavailable` item that the
 * target fails, so only that message is retried.
 */
export function createEnrichNotificationHandler(deps: EnrichNotificationHandlerDependencies) {
  const { logger } = deps;
  const enrich = async (event: NotifiedEvent): Promise<NotificationRequest> => {
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
    return notification;
  };
  // Each notified event is enriched the same way; the envelope alone does not say which event it is.
  const handlers = Object.fromEntries(
    NOTIFIED_EVENTS.map((eventName: NotifiedEventName) => [
      eventName,
      (envelope: EventDetail<NotifiedEventName>) => enrich({ eventName, ...envelope } as NotifiedEvent),
    ]),
  );
  return createPipeEnrichment<NotificationRequest>({ logger, handlers, deadLetters: deps.deadLetters });
}

export const handler = createEnrichNotificationHandler(composeEnrichNotification());
