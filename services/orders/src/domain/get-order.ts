import { NotFoundError, ValidationError } from '@shop/shared/errors';
import type { Order } from './order.ts';
import { isOrderId } from './order-id.ts';
import type { OrderRepository } from './ports.ts';

/** The order as its customer sees it on `GET /orders/{id}`. */
export type OrderView = Pick<Order, 'orderId' | 'customerId' | 'status' | 'lines' | 'total' | 'placedAt' | 'timeline'>;

/** Which order, asked by whom. */
export interface GetOrderInput {
  /** The path's `{id}`, unchecked. */
  orderId: string | undefined;
  /** The signed-in customer's id. */
  customerId: string;
}

/**
 * Reads one order for its status page, for the customer who placed it.
 * @throws ValidationError when `orderId` cannot be an order id (so garbage never reaches the table).
 * @throws NotFoundError when no such order exists, and when it is another customer's: the answer
 *   is the same, so nobody learns which order ids exist.
 */
export function createGetOrder(orders: OrderRepository): (input: GetOrderInput) => Promise<OrderView> {
  return async ({ orderId, customerId: asker }) => {
    if (!isOrderId(orderId)) {
      throw new ValidationError(['path id: must be an order id (ord_ followed by a ULID or a UUID)']);
    }
    const order = await orders.findById(orderId);
    if (order === undefined || order.customerId !== asker) {
      throw new NotFoundError(`Order ${orderId} not found`);
    }
    const { customerId, status, lines, total, placedAt, timeline } = order;
    return { orderId, customerId, status, lines, total, placedAt, timeline };
  };
}
