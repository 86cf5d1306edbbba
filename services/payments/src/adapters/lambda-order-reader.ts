import { ReadInterfaceError } from '@shop/shared/errors';
import {
  createReadInterfaceClient,
  type InvokeClient,
  type ReadInterfaceClient,
} from '@shop/shared/read-interface-client';
import type { OrderReader } from '../domain/ports.ts';

/**
 * Asks the orders service's published read interface (`events/interfaces/orders-read/v1`,
 * query `GetOrderLines`) whose order it is, through the shared read-interface client, which
 * invokes the function synchronously and checks the answer against the interface's response
 * schema. Payments reads only `customerId` from the answer. A failure to get a usable answer
 * throws a retryable `ReadInterfaceError`: the SQS message comes back and asks again.
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

  async findCustomerId(orderId: string): Promise<string | undefined> {
    const answer = await this.#orders.ask({ query: 'GetOrderLines', orderId });
    if (!answer.found) return undefined;
    if ('customerId' in answer.order) return answer.order.customerId;
    throw new ReadInterfaceError(
      'orders-read',
      `${this.#functionName} answered GetOrderLines for ${orderId} with another query's answer`,
    );
  }
}
