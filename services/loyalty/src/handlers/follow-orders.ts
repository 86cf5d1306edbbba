import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { composeFollowOrders } from '../compose.ts';
import type { createFollowOrders } from '../domain/follow-orders.ts';

export interface FollowOrdersHandlerDependencies {
  followOrders: ReturnType<typeof createFollowOrders>;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
}

/**
 * Drains the loyalty queue, which one rule fills with the order events other services already
 * publish; nothing in them changed for loyalty to exist. Each record is validated against the
 * catalog and handled once per idempotency key; the events may arrive in any order (an
 * OrderShipped that overtook its OrderPlaced is remembered, and the placement credits at once).
 */
export function createFollowOrdersHandler(deps: FollowOrdersHandlerDependencies) {
  const { followOrders, logger } = deps;
  return createSqsEventConsumer({
    logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    handlers: {
      OrderPlaced: async (envelope) => {
        const result = await followOrders.orderPlaced(envelope.data, envelope.metadata.occurredAt);
        logger.info('Loyalty noted a placed order', { ...result });
        return result;
      },
      OrderShipped: async (envelope) => {
        const result = await followOrders.orderShipped(envelope.data, envelope.metadata.occurredAt);
        logger.info('Loyalty points settled on shipment', { ...result });
        return result;
      },
      OrderCancelled: async (envelope) => {
        const result = await followOrders.orderCancelled(envelope.data, envelope.metadata.occurredAt);
        logger.info('Loyalty points settled on cancellation', { ...result });
        return result;
      },
    },
  });
}

export const handler = createFollowOrdersHandler(composeFollowOrders());
