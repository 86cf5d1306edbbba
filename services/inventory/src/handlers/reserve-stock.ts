import type { OrderPlacedV1 } from '@shop/events';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer, type SendMessageClient } from '@shop/shared/sqs-event-consumer';
import { composeReserveStock } from '../compose.ts';
import type { ReserveStockResult } from '../domain/reserve-stock-for-order.ts';

export interface ReserveStockHandlerDependencies {
  reserveStockForOrder: (envelope: OrderPlacedV1) => Promise<ReserveStockResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  deadLetterQueueUrl: string;
  sqsClient: SendMessageClient;
}

/**
 * Drains the OrderPlaced queue (SQS event source, `ReportBatchItemFailures`): each record is
 * validated against the catalog, reserved once per `metadata.idempotencyKey`, and fails alone.
 * A schema-invalid record goes straight to the dead-letter queue instead of being retried.
 */
export function createReserveStockHandler(deps: ReserveStockHandlerDependencies) {
  return createSqsEventConsumer({
    eventName: 'OrderPlaced',
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetterQueueUrl: deps.deadLetterQueueUrl,
    sqsClient: deps.sqsClient,
    handle: async (envelope) => {
      const result = await deps.reserveStockForOrder(envelope);
      if (result.status === 'CANCELLED' || result.status === 'RELEASED') {
        deps.logger.warn('OrderPlaced arrived after the order was cancelled: nothing reserved, nothing announced', {
          ...result,
        });
      } else {
        deps.logger.info('Stock decided for order', { ...result });
      }
      return result;
    },
  });
}

export const handler = createReserveStockHandler(composeReserveStock());
