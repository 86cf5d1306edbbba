import { createEvent } from '@shop/shared/envelope';
import type { EventPublisher } from '@shop/shared/publisher';
import type { Currency, Money } from './money.ts';
import { placeNewOrder } from './order.ts';
import { publishStoredEvents } from './outbox.ts';
import type { PlaceOrderRequest } from './place-order-request.ts';
import type { Clock, DiagnosticLog, OrderMetrics, OrderRepository } from './ports.ts';

export interface PlaceOrderDependencies {
  orders: OrderRepository;
  publisher: EventPublisher;
  clock: Clock;
  newOrderId: (now: Date) => string;
  priceOf: (sku: string, currency: Currency) => Money;
  log: DiagnosticLog;
  /** Told of each order placed; none by default. */
  metrics?: OrderMetrics;
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
 * Places an order: stores it as PLACED, with the customer's contact, together with its pending
 * `OrderPlaced` (one write, the outbox: docs/architecture.md#the-outbox), then publishes the event and clears it.
 * The event is thin: the contact stays in the order, behind the read interface.
 *
 * A failed publish does not fail the order: it is stored, so the client gets its 202 and the
 * `relayOutbox` sweeper publishes the event later (see outbox.ts).
 */
export function createPlaceOrder(deps: PlaceOrderDependencies): (input: PlaceOrderInput) => Promise<PlaceOrderResult> {
  return async (input) => {
    const now = deps.clock();
    const orderId = deps.newOrderId(now);
    const { customerId, email, name } = input.command;
    const order = placeNewOrder({
      orderId,
      customerId,
      contact: { email, ...(name === undefined ? {} : { name }) },
      correlationId: input.correlationId ?? orderId,
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
        correlationId: order.correlationId,
        causationId: input.causationId,
      },
      now,
    );
    await deps.orders.addWithPendingEvent(order, event);
    deps.metrics?.placed(order);
    await publishStoredEvents(deps, order.orderId, [event]);
    return { orderId: order.orderId, status: 'PLACED' };
  };
}
