import type { OrderPlacedV1 } from '@shop/events';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { type BusinessMetrics, NO_METRICS } from '@shop/shared/metrics';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { composeReserveStock } from '../compose.ts';
import type { ReserveStockResult } from '../domain/reserve-stock-for-order.ts';

export interface ReserveStockHandlerDependencies {
  reserveStockForOrder: (envelope: OrderPlacedV1) => Promise<ReserveStockResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
  /** `Shop/Inventory`: `OrdersReserved`, and `ReservationsFailed` by reason. */
  metrics?: BusinessMetrics;
}

/**
 * Drains the OrderPlaced queue (SQS event source, `ReportBatchItemFailures`): each record is
 * validated against the catalog, reserved once per `metadata.idempotencyKey`, and fails alone.
 * A schema-invalid record goes straight to the dead-letter queue instead of being retried.
 * Each order decided here is counted once: a decision announced again is not a new one.
 */
export function createReserveStockHandler(deps: ReserveStockHandlerDependencies) {
  const metrics = deps.metrics ?? NO_METRICS;
  return createSqsEventConsumer({
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    handlers: {
      OrderPlaced: async (envelope) => {
        const result = await deps.reserveStockForOrder(envelope);
        if (result.status === 'CANCELLED' || result.status === 'RELEASED') {
          deps.logger.warn('OrderPlaced arrived after the order was cancelled: nothing reserved, nothing announced', {
            ...result,
          });
        } else {
          deps.logger.info('Stock decided for order', { ...result });
          if (!result.replayed && result.status === 'RESERVED') metrics.record('OrdersReserved');
          if (!result.replayed && result.status === 'FAILED') {
            metrics.record('ReservationsFailed', 1, 'Count', { reason: result.shortfall?.reason ?? 'UNKNOWN' });
          }
        }
        return result;
      },
    },
  });
}

export const handler = createReserveStockHandler(composeReserveStock());
