import { createHttpApiHandler, jsonResponse } from '@shop/shared/http';
import type { Logger } from '@shop/shared/logger';
import { customerOf } from '../adapters/customer-identity.ts';
import { toHttpErrorResponse } from '../adapters/http-errors.ts';
import { composeGetOrder } from '../compose.ts';
import type { GetOrderInput, OrderView } from '../domain/get-order.ts';

export interface GetOrderHandlerDependencies {
  getOrder: (input: GetOrderInput) => Promise<OrderView>;
  logger: Logger;
}

/** `GET /orders/{id}` (HTTP API, payload 2.0): the signed-in customer's order, its status and timeline, or 404. */
export function createGetOrderHandler(deps: GetOrderHandlerDependencies) {
  return createHttpApiHandler({
    logger: deps.logger,
    errorAnswer: toHttpErrorResponse,
    route: async (event) =>
      jsonResponse(
        200,
        await deps.getOrder({ orderId: event.pathParameters?.id, customerId: customerOf(event).customerId }),
      ),
  });
}

export const handler = createGetOrderHandler(composeGetOrder());
