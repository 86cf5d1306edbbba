import type { EventDetail } from '@shop/events';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer, type SendMessageClient } from '@shop/shared/sqs-event-consumer';
import { composeReleaseStock } from '../compose.ts';
import type { ReleaseStockResult } from '../domain/release-stock-for-order.ts';

export interface ReleaseStockHandlerDependencies {
  releaseStockForOrder: (envelope: EventDetail<'OrderCancelled'>) => Promise<ReleaseStockResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  deadLetterQueueUrl: string;
  sqsClient: SendMessageClient;
}

/**
 * Drains the OrderCancelled queue (SQS event source, `ReportBatchItemFailures`): each record is
 * validated against the catalog, compensated once per `metadata.idempotencyKey`, and fails
 * alone. A schema-invalid record goes straight to the dead-letter queue instead of being retried.
 */
export function createReleaseStockHandler(deps: ReleaseStockHandlerDependencies) {
  return createSqsEventConsumer({
    eventName: 'OrderCancelled',
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetterQueueUrl: deps.deadLetterQueueUrl,
    sqsClient: deps.sqsClient,
    handle: async (envelope) => {
      const result = await deps.releaseStockForOrder(envelope);
      deps.logger.info('Cancellation applied to stock', { ...result });
      return result;
    },
  });
}

export const handler = createReleaseStockHandler(composeReleaseStock());
