import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { OrdersReadRequestV1, OrdersReadResponseV1 } from '@shop/events';
import type { Logger } from '@shop/shared/logger';
import type { Context } from 'aws-lambda';
import { composeReadOrder } from '../compose.ts';
import { parseOrdersReadRequest } from '../domain/read-order.ts';

export interface ReadOrderHandlerDependencies {
  readOrder: (request: OrdersReadRequestV1) => Promise<OrdersReadResponseV1>;
  logger: Logger;
}

/**
 * The orders read interface, invoked with Lambda Invoke (RequestResponse). The payload is
 * checked against the orders-read v1 contract; a malformed one throws, which Lambda returns to
 * the caller as a function error (`X-Amz-Function-Error: Unhandled`), not as an answer.
 */
export function createReadOrderHandler(deps: ReadOrderHandlerDependencies) {
  return middy<unknown, OrdersReadResponseV1, Error, Context>()
    .use(injectLambdaContext(deps.logger, { clearState: true }))
    .handler(async (payload) => deps.readOrder(parseOrdersReadRequest(payload)));
}

export const handler = createReadOrderHandler(composeReadOrder());
