import type { OrderReader } from '../domain/ports.ts';

/** An OrderReader answering from a map of order id to customer id, for use-case and handler tests. */
export class InMemoryOrderReader implements OrderReader {
  readonly #customers = new Map<string, string>();
  /** Every order id asked about, in order, for assertions. */
  readonly requests: string[] = [];

  add(orderId: string, customerId: string): this {
    this.#customers.set(orderId, customerId);
    return this;
  }

  async findCustomerId(orderId: string): Promise<string | undefined> {
    this.requests.push(orderId);
    return this.#customers.get(orderId);
  }
}
