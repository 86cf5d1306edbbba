import { NotFoundError, ValidationError } from '@shop/shared/errors';
import type { Order } from './order.ts';
import { isOrderId } from './order-id.ts';
import type { OrderRepository } from './ports.ts';

/** The order as its customer sees it on `GET /orders/{id}`. */
export type OrderView = Pick<Order, 'orderId' | 'customerId' | 'status' | 'lines' | 'total' | 'placedAt' | 'timeline'>;

/**
 * Reads one order for its status page.
 * @throws ValidationError when `orderId` cannot be an order id (so garbage never reaches the table).
 * @throws NotFoundError when no such order exists.
 */
export function createGetOrder(orders: OrderRepository): (orderId: string | undefined) => Promise<OrderView> {
  return async (orderId) => {
    if (!isOrderId(orderId)) {
      throw new ValidationError(['path id: must be an order id (ord_ followed by a ULID or a UUID)']);
    }
    const order = await orders.findById(orderId);
    if (order === undefined) {
      throw new NotFoundError(`Order ${orderId} not found`);
    }
    const { customerId, status, lines, total, placedAt, timeline } = order;
    return { orderId, customerId, status, lines, total, placedAt, timeline };
  };
}
