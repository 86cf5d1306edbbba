import { createHttpApiHandler, jsonResponse } from '@shop/shared/http';
import type { Logger } from '@shop/shared/logger';
import { customerOf } from '../adapters/customer-identity.ts';
import { toHttpErrorResponse } from '../adapters/http-errors.ts';
import { composeCancelOrder } from '../compose.ts';
import type { CancelOrderInput, CancelOrderResult } from '../domain/cancel-order.ts';

export interface CancelOrderHandlerDependencies {
  cancelOrder: (input: CancelOrderInput) => Promise<CancelOrderResult>;
  logger: Logger;
}

/**
 * `POST /orders/{id}/cancel` (HTTP API, payload 2.0). Answers 202 Accepted with the order's new
 * status: the order is CANCELLED now, while the compensations (stock released, payment refunded)
 * happen afterwards in the other contexts, on OrderCancelled. 409 once the order has shipped or
 * when it is already cancelled (so a repeated cancel is harmless and says so), 404 for an
 * unknown order and for another customer's, 400 for an id that cannot be one. The request body, if any, is ignored.
 */
export function createCancelOrderHandler(deps: CancelOrderHandlerDependencies) {
  return createHttpApiHandler({
    logger: deps.logger,
    errorAnswer: toHttpErrorResponse,
    route: async (event) => {
      const { orderId, status } = await deps.cancelOrder({
        orderId: event.pathParameters?.id,
        customerId: customerOf(event).customerId,
        causationId: event.requestContext.requestId,
      });
      const statusUrl = `/orders/${orderId}`;
      return jsonResponse(202, { orderId, status, statusUrl }, { location: statusUrl });
    },
  });
}

export const handler = createCancelOrderHandler(composeCancelOrder());
