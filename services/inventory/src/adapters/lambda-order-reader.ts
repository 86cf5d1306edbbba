import type { OrdersReadResponseV1 } from '@shop/events';
import { ReadInterfaceError } from '@shop/shared/errors';
import {
  createReadInterfaceClient,
  type InvokeClient,
  type ReadInterfaceClient,
} from '@shop/shared/read-interface-client';
import type { OrderLinesAnswer, OrderReader } from '../domain/ports.ts';

/**
 * Asks the orders service's published read interface (`events/interfaces/orders-read/v1`,
 * query `GetOrderLines`) through the shared read-interface client, which invokes the function
 * synchronously and checks the answer against the interface's response schema. A failure to
 * get a usable answer throws a retryable `ReadInterfaceError`: the SQS message comes back and
 * asks again.
 */
export class LambdaOrderReader implements OrderReader {
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

  async readOrder(orderId: string): Promise<OrderLinesAnswer> {
    const answer = await this.#orders.ask({ query: 'GetOrderLines', orderId });
    if (!isOrderLinesAnswer(answer)) {
      throw new ReadInterfaceError(
        'orders-read',
        `${this.#functionName} answered GetOrderLines for ${orderId} with another query's answer`,
      );
    }
    return answer;
  }
}

/** Both queries' answers pass the response schema; only GetOrderLines' carries the customer id. */
function isOrderLinesAnswer(answer: OrdersReadResponseV1): answer is OrderLinesAnswer {
  return !answer.found || 'customerId' in answer.order;
}
