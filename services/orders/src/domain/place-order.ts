import { createEvent } from '@shop/shared/envelope';
import type { EventPublisher } from '@shop/shared/publisher';
import type { Currency, Money } from './money.ts';
import { placeNewOrder } from './order.ts';
import type { PlaceOrderRequest } from './place-order-request.ts';
import type { Clock, DiagnosticLog, OrderRepository } from './ports.ts';

export interface PlaceOrderDependencies {
  orders: OrderRepository;
  publisher: EventPublisher;
  clock: Clock;
  newOrderId: (now: Date) => string;
  priceOf: (sku: string, currency: Currency) => Money;
  log: DiagnosticLog;
}

/** A place-order request as the use case receives it: validated, plus what caused it. */
export interface PlaceOrderInput extends PlaceOrderRequest {
  /** The id of what caused the order (the API Gateway request id), the event's causationId. */
  causationId: string;
}

/** What the client is told; it is also what Powertools stores for a retried Idempotency-Key. */
export interface PlaceOrderResult {
  orderId: string;
  status: 'PLACED';
}

/**
 * Places an order: stores it as PLACED together with its pending `OrderPlaced` (one write, the
 * outbox of DESIGN §3.1), then publishes the event and clears the pending mark.
 *
 * A failed publish does not fail the order: it is stored, so the client gets its 202 and the
 * `relayOutbox` sweeper publishes the event later. Publishing twice is harmless because the event
 * keeps its idempotency key (`OrderPlaced:<orderId>`) and consumers are idempotent on it.
 */
export function createPlaceOrder(deps: PlaceOrderDependencies): (input: PlaceOrderInput) => Promise<PlaceOrderResult> {
  return async (input) => {
    const now = deps.clock();
    const order = placeNewOrder({
      orderId: deps.newOrderId(now),
      customerId: input.command.customerId,
      currency: input.command.currency,
      lines: input.command.lines,
      placedAt: now,
      priceOf: deps.priceOf,
    });
    const event = createEvent(
      'OrderPlaced',
      { orderId: order.orderId, customerId: order.customerId, total: order.total, lineCount: order.lines.length },
      {
        idempotencyKey: `OrderPlaced:${order.orderId}`,
        correlationId: input.correlationId ?? order.orderId,
        causationId: input.causationId,
      },
      now,
    );
    await deps.orders.addWithPendingEvent(order, event);
    try {
      await deps.publisher.publish([event]);
      await deps.orders.clearPendingEvent(order.orderId, event.detail.metadata.eventId);
    } catch (error) {
      deps.log.warn('OrderPlaced left in the outbox for the relay', {
        orderId: order.orderId,
        eventId: event.detail.metadata.eventId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return { orderId: order.orderId, status: 'PLACED' };
  };
}
