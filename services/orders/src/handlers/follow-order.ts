import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { composeFollowOrder } from '../compose.ts';
import type { FollowOrder } from '../domain/follow-order.ts';

export interface FollowOrderHandlerDependencies {
  followOrder: FollowOrder;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
}

/**
 * Drains the order-events queue (SQS event source, `ReportBatchItemFailures`), which one rule
 * fills with every event orders follows. Each record is validated against the catalog as the
 * event its `detail-type` names and handled once per `metadata.idempotencyKey` by that event's
 * use case; it fails alone. A schema-invalid record goes straight to the dead-letter queue; an
 * event about an order not stored yet is retried after the visibility timeout.
 */
export function createFollowOrderHandler(deps: FollowOrderHandlerDependencies) {
  const { followOrder, logger } = deps;
  const logged =
    <E>(event: keyof FollowOrder, handle: (envelope: E) => ReturnType<FollowOrder['InventoryReserved']>) =>
    async (envelope: E) => {
      const result = await handle(envelope);
      logger.info('Order followed', { event, ...result });
      return result;
    };
  return createSqsEventConsumer({
    logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    handlers: {
      InventoryReserved: logged('InventoryReserved', followOrder.InventoryReserved),
      InventoryReservationFailed: logged('InventoryReservationFailed', followOrder.InventoryReservationFailed),
      PaymentCaptured: logged('PaymentCaptured', followOrder.PaymentCaptured),
      PaymentDelayed: logged('PaymentDelayed', followOrder.PaymentDelayed),
      PaymentDeclined: logged('PaymentDeclined', followOrder.PaymentDeclined),
      FulfillmentFailed: logged('FulfillmentFailed', followOrder.FulfillmentFailed),
      OrderShipped: logged('OrderShipped', followOrder.OrderShipped),
    },
  });
}

export const handler = createFollowOrderHandler(composeFollowOrder());
