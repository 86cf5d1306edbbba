import type { EventDetail } from '@shop/events';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { composeRecordCancellation } from '../compose.ts';
import type { RecordCancellationResult } from '../domain/record-cancellation.ts';

export interface RecordCancellationHandlerDependencies {
  recordCancellation: (envelope: EventDetail<'OrderCancelled'>) => Promise<RecordCancellationResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
}

/**
 * Drains the OrderCancelled queue: records each cancellation that comes before the label, so
 * the running saga (or one that starts later) compensates. A cancellation that comes too late
 * is logged as a warning: the parcel ships and the order needs a return (README).
 */
export function createRecordCancellationHandler(deps: RecordCancellationHandlerDependencies) {
  return createSqsEventConsumer({
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    handlers: {
      OrderCancelled: async (envelope) => {
        const result = await deps.recordCancellation(envelope);
        if (result.outcome === 'TOO_LATE') {
          deps.logger.warn('Order cancelled after its label was created: it ships', { ...result });
        } else {
          deps.logger.info('Cancellation recorded for fulfillment', { ...result });
        }
        return result;
      },
    },
  });
}

export const handler = createRecordCancellationHandler(composeRecordCancellation());
