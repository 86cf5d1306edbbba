import type { OrdersReadOrderLinesV1 } from '@shop/events';
import type { OrderLinesAnswer, OrderReader } from '../domain/ports.ts';

type KnownOrder = OrdersReadOrderLinesV1['order'];

/** An OrderReader answering from a map, for use-case and handler tests. */
export class InMemoryOrderReader implements OrderReader {
  readonly #orders = new Map<string, KnownOrder>();
  /** Every order id asked about, in order, for assertions. */
  readonly requests: string[] = [];

  add(order: KnownOrder): this {
    this.#orders.set(order.orderId, structuredClone(order));
    return this;
  }

  async readOrder(orderId: string): Promise<OrderLinesAnswer> {
    this.requests.push(orderId);
    const order = this.#orders.get(orderId);
    return order === undefined ? { found: false, orderId } : { found: true, order: structuredClone(order) };
  }
}
