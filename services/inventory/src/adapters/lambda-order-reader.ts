import { createReadInterfaceClient, type InvokeClient } from '@shop/shared/read-interface-client';
import type { OrderLinesAnswer, OrderReader } from '../domain/ports.ts';

/**
 * Asks the orders service's published read interface (`events/interfaces/orders-read/v1`,
 * query `GetOrderLines`) through the shared read-interface client, which invokes the function
 * synchronously and checks the answer against that query's answers in the interface. A failure
 * to get a usable answer throws a retryable `ReadInterfaceError`: the SQS message comes back and
 * asks again.
 */
export class LambdaOrderReader implements OrderReader {
  readonly #orders;

  constructor(client: InvokeClient, functionName: string) {
    this.#orders = createReadInterfaceClient({
      lambda: client,
      functionName,
      interfaceName: 'orders-read',
      version: 1,
    });
  }

  readOrder(orderId: string): Promise<OrderLinesAnswer> {
    return this.#orders.ask({ query: 'GetOrderLines', orderId });
  }
}
