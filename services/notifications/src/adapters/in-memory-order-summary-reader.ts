import type { OrderSummary, Recipient } from '../domain/notification.ts';
import type { OrderSummaryAnswer, OrderSummaryReader } from '../domain/ports.ts';

/** Orders' read interface in memory, for tests: knows the orders added to it, counts the questions. */
export class InMemoryOrderSummaryReader implements OrderSummaryReader {
  readonly #orders = new Map<string, { recipient: Recipient; order: OrderSummary }>();
  questions = 0;

  add(recipient: Recipient, order: OrderSummary): void {
    this.#orders.set(order.orderId, { recipient, order });
  }

  async readOrderSummary(orderId: string): Promise<OrderSummaryAnswer> {
    this.questions++;
    const known = this.#orders.get(orderId);
    return known ? { found: true, ...known } : { found: false };
  }
}
