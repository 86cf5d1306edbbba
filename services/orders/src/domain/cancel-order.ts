import { NotFoundError, ValidationError } from '@shop/shared/errors';
import { type ChangeOrderDependencies, createChangeOrder } from './change-order.ts';
import { isOrderId } from './order-id.ts';
import { cancelByCustomer } from './order-lifecycle.ts';

/** A customer's cancel request, once it reached the use case. */
export interface CancelOrderInput {
  /** The path's `{id}`, unchecked. */
  orderId: string | undefined;
  /** The signed-in customer's id: only the customer who placed an order can cancel it. */
  customerId: string;
  /** The id of the request (API Gateway's request id): the causation of OrderCancelled. */
  causationId: string;
}

/** What the client is told: the order's new status. */
export interface CancelOrderResult {
  orderId: string;
  status: 'CANCELLED';
}

/**
 * Cancels an order at its customer's request, until it has shipped (docs/architecture.md#the-order-flow). The order moves
 * to CANCELLED (reason CUSTOMER_REQUEST) and OrderCancelled goes into its outbox in the same
 * write; inventory, payments and fulfillment compensate on that event. It carries the order's
 * own correlation id, so the cancel is traced with the rest of the order's flow.
 *
 * Repeating a cancel is safe: it changes nothing and answers ConflictError ("already cancelled"),
 * so a client can tell its first request worked from the message.
 * @throws ValidationError when the id cannot be an order id.
 * @throws NotFoundError when there is no such order, or it is another customer's.
 * @throws ConflictError when the order has shipped or is already cancelled.
 */
export function createCancelOrder(
  deps: ChangeOrderDependencies,
): (input: CancelOrderInput) => Promise<CancelOrderResult> {
  const changeOrder = createChangeOrder(deps);
  return async ({ orderId, customerId, causationId }) => {
    if (!isOrderId(orderId)) {
      throw new ValidationError(['path id: must be an order id (ord_ followed by a ULID or a UUID)']);
    }
    await changeOrder({
      orderId,
      decide: (order) => {
        // Another customer's order is answered exactly like one that does not exist.
        if (order.customerId !== customerId) throw new NotFoundError(`Order ${orderId} not found`);
        return cancelByCustomer(order, deps.clock());
      },
      cause: (order) => ({ correlationId: order.correlationId, causationId }),
      whenMissing: () => new NotFoundError(`Order ${orderId} not found`),
    });
    return { orderId, status: 'CANCELLED' };
  };
}
