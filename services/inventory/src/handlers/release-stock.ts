import type { EventDetail } from '@shop/events';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { composeReleaseStock } from '../compose.ts';
import type { ReleaseStockResult } from '../domain/release-stock-for-order.ts';

export interface ReleaseStockHandlerDependencies {
  releaseStockForOrder: (envelope: EventDetail<'OrderCancelled'>) => Promise<ReleaseStockResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
}

/**
 * Drains the OrderCancelled queue (SQS event source, `ReportBatchItemFailures`): each record is
 * validated against the catalog, compensated once per `metadata.idempotencyKey`, and fails
 * alone. A schema-invalid record goes straight to the dead-letter queue instead of being retried.
 */
export function createReleaseStockHandler(deps: ReleaseStockHandlerDependencies) {
  return createSqsEventConsumer({
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    handlers: {
      OrderCancelled: async (envelope) => {
        const result = await deps.releaseStockForOrder(envelope);
        deps.logger.info('Cancellation applied to stock', { ...result });
        return result;
      },
    },
  });
}

export const handler = createReleaseStockHandler(composeReleaseStock());
