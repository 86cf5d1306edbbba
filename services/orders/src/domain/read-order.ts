import type { OrdersReadRequestV1, OrdersReadResponseV1 } from '@shop/events';
import { ValidationError } from '@shop/shared/errors';
import { isOrderId } from './order-id.ts';
import type { OrderRepository } from './ports.ts';

/**
 * Checks an orders read-interface request (`events/interfaces/orders-read/v1`). A malformed
 * request is a caller's bug, so it fails loudly (the invoke returns a function error) instead of
 * answering `found: false` and letting the caller believe the order does not exist.
 * @throws ValidationError naming each problem.
 */
export function parseOrdersReadRequest(payload: unknown): OrdersReadRequestV1 {
  const issues: string[] = [];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ValidationError(['payload: must be an object { query: "GetOrderLines", orderId }']);
  }
  const request = payload as Record<string, unknown>;
  for (const key of Object.keys(request)) {
    if (key !== 'query' && key !== 'orderId') {
      issues.push(`${key}: unknown field (allowed: query, orderId)`);
    }
  }
  if (request.query !== 'GetOrderLines') {
    issues.push('query: must be "GetOrderLines"');
  }
  const { orderId } = request;
  const validOrderId = typeof orderId === 'string' && orderId.length >= 1 && orderId.length <= 128;
  if (!validOrderId) {
    issues.push('orderId: must be a string of 1 to 128 characters');
  }
  if (issues.length > 0 || !validOrderId) {
    throw new ValidationError(issues);
  }
  return { query: 'GetOrderLines', orderId };
}

/**
 * The orders read interface (DESIGN §4, content enrichment): other contexts ask for what the thin
 * events leave out. The owner decides what it discloses: the lines (SKU and quantity) and the
 * total, never prices per line, addresses or anything personal.
 */
export function createReadOrder(
  orders: OrderRepository,
): (request: OrdersReadRequestV1) => Promise<OrdersReadResponseV1> {
  return async ({ orderId }) => {
    // An id this service could never have minted cannot exist: answer without a read.
    const order = isOrderId(orderId) ? await orders.findById(orderId) : undefined;
    if (order === undefined) {
      return { found: false, orderId };
    }
    return {
      found: true,
      order: {
        orderId: order.orderId,
        customerId: order.customerId,
        status: order.status,
        lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
        total: order.total,
      },
    };
  };
}
