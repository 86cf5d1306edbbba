import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { OrdersReadGetOrderSummaryV1, OrdersReadOrderSummaryV1 } from '@shop/events';
import { isValidationError } from '@shop/shared/errors';
import { validateInterfaceMessage } from '@shop/shared/validate-event';
import type { OrderSummaryAnswer, OrderSummaryReader } from '../domain/ports.ts';

/**
 * The orders read interface could not be asked or gave no usable answer (a function error, a
 * throttle, an answer outside the contract). Retryable: the SQS message comes back and the
 * pipe's enrichment asks again.
 */
export class OrdersReadInterfaceError extends Error {
  override readonly name: string = 'OrdersReadInterfaceError';
  readonly retryable = true;
}

/** The one Lambda client method the reader calls; `LambdaClient` satisfies it. */
export interface InvokeClient {
  send(command: InvokeCommand): Promise<{ FunctionError?: string | undefined; Payload?: Uint8Array | undefined }>;
}

/**
 * Asks orders' published read interface (`events/interfaces/orders-read/v1`, query
 * `GetOrderSummary`) with a synchronous Lambda Invoke, and checks the answer against the
 * interface's response schema. A failed function does not make Invoke throw: Invoke answers
 * 200 with `FunctionError` set and the error as the payload, so that is checked here.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class LambdaOrderSummaryReader implements OrderSummaryReader {
  readonly #client: InvokeClient;
  readonly #functionName: string;

  constructor(client: InvokeClient, functionName: string) {
    this.#client = client;
    this.#functionName = functionName;
  }

  async readOrderSummary(orderId: string): Promise<OrderSummaryAnswer> {
    const request: OrdersReadGetOrderSummaryV1 = { query: 'GetOrderSummary', orderId };
    const response = await this.#client.send(
      new InvokeCommand({
        FunctionName: this.#functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const payload = response.Payload === undefined ? '' : new TextDecoder().decode(response.Payload);
    if (response.FunctionError !== undefined) {
      throw new OrdersReadInterfaceError(
        `${this.#functionName} failed (${response.FunctionError}): ${payload.slice(0, 500)}`,
      );
    }
    const answer = this.#validate(payload);
    if (!answer.found) return { found: false };
    if (!isOrderSummary(answer)) {
      throw new OrdersReadInterfaceError(`${this.#functionName} answered GetOrderSummary with another query's answer`);
    }
    const { email, name, orderId: id, status, lines, total } = answer.order;
    return {
      found: true,
      recipient: name === undefined ? { email } : { email, name },
      order: { orderId: id, status, lines, total },
    };
  }

  #validate(payload: string) {
    try {
      return validateInterfaceMessage('orders-read', 1, 'response', JSON.parse(payload) as unknown);
    } catch (error) {
      if (error instanceof SyntaxError || isValidationError(error)) {
        throw new OrdersReadInterfaceError(
          `${this.#functionName} answered outside the orders-read v1 contract: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

function isOrderSummary(answer: { found: true; order: object }): answer is OrdersReadOrderSummaryV1 {
  return 'email' in answer.order;
}
