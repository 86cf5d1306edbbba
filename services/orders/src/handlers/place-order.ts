import { createHttpApiHandler, jsonResponse, parseJsonBody } from '@shop/shared/http';
import { idempotencyContext } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { customerOf } from '../adapters/customer-identity.ts';
import { toHttpErrorResponse } from '../adapters/http-errors.ts';
import type { IdempotentPlaceOrder } from '../adapters/idempotent-place-order.ts';
import { composePlaceOrder } from '../compose.ts';
import { parsePlaceOrderRequest } from '../domain/place-order-request.ts';

export interface PlaceOrderHandlerDependencies extends IdempotentPlaceOrder {
  logger: Logger;
}

/**
 * `POST /orders` (HTTP API, payload 2.0). Answers 202 Accepted, not 201: the order is stored
 * and announced, but stock and payment are decided later, and `statusUrl` (also the `Location`
 * header) is where the client follows it. HTTP API lower-cases header names.
 */
export function createPlaceOrderHandler(deps: PlaceOrderHandlerDependencies) {
  return createHttpApiHandler({
    logger: deps.logger,
    errorAnswer: toHttpErrorResponse,
    middlewares: [idempotencyContext(deps)],
    route: async (event) => {
      const request = parsePlaceOrderRequest({
        customer: customerOf(event),
        body: parseJsonBody(event),
        idempotencyKey: event.headers['idempotency-key'],
        correlationId: event.headers['x-correlation-id'],
      });
      const { orderId, status } = await deps.placeOrder({ ...request, causationId: event.requestContext.requestId });
      const statusUrl = `/orders/${orderId}`;
      return jsonResponse(202, { orderId, status, statusUrl }, { location: statusUrl });
    },
  });
}

export const handler = createPlaceOrderHandler(composePlaceOrder());
