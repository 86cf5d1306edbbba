import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { jsonResponse } from '@shop/shared/http';
import type { Logger } from '@shop/shared/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
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
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      return jsonResponse(
        200,
        await deps.getOrder({ orderId: event.pathParameters?.id, customerId: customerOf(event).customerId }),
      );
    } catch (error) {
      return toHttpErrorResponse(error, deps.logger);
    }
  };
}

const dependencies = composeGetOrder();

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(injectLambdaContext(dependencies.logger, { clearState: true }))
  .handler(createGetOrderHandler(dependencies));
