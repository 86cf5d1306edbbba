import type { OrdersReadRequestV1, OrdersReadResponseV1 } from '@shop/events';
import { validateInterfaceMessage } from '@shop/shared/validate-event';
import type { Order } from './order.ts';
import { isOrderId } from './order-id.ts';
import type { OrderRepository } from './ports.ts';

/**
 * Checks an orders read-interface request against its published schema
 * (`events/interfaces/orders-read/v1/request.schema.json`), the one definition of what may be
 * asked. A malformed request is a caller's bug, so it fails loudly (the invoke returns a
 * function error) instead of answering `found: false` and letting the caller believe the order
 * does not exist.
 * @throws ValidationError naming each problem.
 */
export function parseOrdersReadRequest(payload: unknown): OrdersReadRequestV1 {
  return validateInterfaceMessage('orders-read', 1, 'request', payload);
}

/**
 * The orders read interface (content enrichment, docs/architecture.md#events): other contexts ask for what the thin
 * events leave out, and the owner decides what each query discloses.
 * - `GetOrderLines` (inventory): the lines (SKU and quantity), status and total; nothing personal,
 *   no prices per line.
 * - `GetOrderSummary` (notifications): the customer's contact (e-mail, name) with the status,
 *   lines, total and timeline, so a message can be written without contact details on the bus.
 */
export function createReadOrder(
  orders: OrderRepository,
): (request: OrdersReadRequestV1) => Promise<OrdersReadResponseV1> {
  return async (request) => {
    const { orderId } = request;
    // An id this service could never have minted cannot exist: answer without a read.
    const order = isOrderId(orderId) ? await orders.findById(orderId) : undefined;
    if (order === undefined) {
      return { found: false, orderId };
    }
    return request.query === 'GetOrderSummary' ? summaryOf(order) : linesOf(order);
  };
}

function linesOf(order: Order): OrdersReadResponseV1 {
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
}

function summaryOf(order: Order): OrdersReadResponseV1 {
  const { email, name } = order.contact;
  return {
    found: true,
    order: {
      orderId: order.orderId,
      status: order.status,
      email,
      ...(name === undefined ? {} : { name }),
      lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      total: order.total,
      timeline: order.timeline.map(({ status, at, reason, event }) => ({
        status,
        at,
        ...(reason === undefined ? {} : { reason }),
        event,
      })),
    },
  };
}
