import { createReadInterfaceClient, type InvokeClient } from '@shop/shared/read-interface-client';
import type { OrderSummaryAnswer, OrderSummaryReader } from '../domain/ports.ts';

/**
 * Asks orders' published read interface (`events/interfaces/orders-read/v1`, query
 * `GetOrderSummary`) through the shared read-interface client, which invokes the function
 * synchronously and checks the answer against that query's answers in the interface. A failure
 * to get a usable answer throws a retryable `ReadInterfaceError`: the SQS message comes back and
 * the pipe's enrichment asks again.
 */
export class LambdaOrderSummaryReader implements OrderSummaryReader {
  readonly #orders;

  constructor(client: InvokeClient, functionName: string) {
    this.#orders = createReadInterfaceClient({
      lambda: client,
      functionName,
      interfaceName: 'orders-read',
      version: 1,
    });
  }

  async readOrderSummary(orderId: string): Promise<OrderSummaryAnswer> {
    const answer = await this.#orders.ask({ query: 'GetOrderSummary', orderId });
    if (!answer.found) return { found: false };
    const { email, name, orderId: id, status, lines, total } = answer.order;
    return {
      found: true,
      recipient: name === undefined ? { email } : { email, name },
      order: { orderId: id, status, lines, total },
    };
  }
}
