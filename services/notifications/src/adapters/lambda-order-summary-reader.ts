import type { OrdersReadOrderSummaryV1, OrdersReadResponseV1 } from '@shop/events';
import { ReadInterfaceError } from '@shop/shared/errors';
import {
  createReadInterfaceClient,
  type InvokeClient,
  type ReadInterfaceClient,
} from '@shop/shared/read-interface-client';
import type { OrderSummaryAnswer, OrderSummaryReader } from '../domain/ports.ts';

/**
 * Asks orders' published read interface (`events/interfaces/orders-read/v1`, query
 * `GetOrderSummary`) through the shared read-interface client, which invokes the function
 * synchronously and checks the answer against the interface's response schema. A failure to
 * get a usable answer throws a retryable `ReadInterfaceError`: the SQS message comes back and
 * the pipe's enrichment asks again.
 */
export class LambdaOrderSummaryReader implements OrderSummaryReader {
  readonly #functionName: string;
  readonly #orders: ReadInterfaceClient<'orders-read', 1>;

  constructor(client: InvokeClient, functionName: string) {
    this.#functionName = functionName;
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
    if (!isOrderSummary(answer)) {
      throw new ReadInterfaceError(
        'orders-read',
        `${this.#functionName} answered GetOrderSummary with another query's answer`,
      );
    }
    const { email, name, orderId: id, status, lines, total } = answer.order;
    return {
      found: true,
      recipient: name === undefined ? { email } : { email, name },
      order: { orderId: id, status, lines, total },
    };
  }
}

/** Both queries' answers pass the response schema; only GetOrderSummary's carries the contact. */
function isOrderSummary(answer: OrdersReadResponseV1 & { found: true }): answer is OrdersReadOrderSummaryV1 {
  return 'email' in answer.order;
}
