import type { EventDetail } from '@shop/events';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { composeStartFulfillment } from '../compose.ts';
import type { StartFulfillmentResult } from '../domain/start-fulfillment.ts';

export interface StartFulfillmentHandlerDependencies {
  startFulfillment: (envelope: EventDetail<'PaymentCaptured'>) => Promise<StartFulfillmentResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
}

/**
 * Drains the PaymentCaptured queue (SQS event source, `ReportBatchItemFailures`): each record
 * is validated against the catalog and starts the order's saga once per
 * `metadata.idempotencyKey`; the execution name makes a later duplicate harmless too.
 */
export function createStartFulfillmentHandler(deps: StartFulfillmentHandlerDependencies) {
  return createSqsEventConsumer({
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    handlers: {
      PaymentCaptured: async (envelope) => {
        const result = await deps.startFulfillment(envelope);
        deps.logger.info('Fulfillment saga started', { ...result });
        return result;
      },
    },
  });
}

export const handler = createStartFulfillmentHandler(composeStartFulfillment());
