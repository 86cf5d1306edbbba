import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { OrdersReadRequestV1 } from '@shop/events';
import type { OrderReader } from '../domain/ports.ts';

/**
 * The orders read interface could not be asked or gave no usable answer (a function error, a
 * throttle, a malformed reply). Retryable: the SQS message is redelivered and asks again.
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
 * Asks the orders service's published read interface (`events/interfaces/orders-read/v1`,
 * query `GetOrderLines`) whose order it is, with a synchronous Lambda Invoke. Payments reads
 * only `customerId` from the answer and ignores the rest, so orders can add to the answer
 * without breaking it. A failed invoked function does not make Invoke throw: the call returns
 * 200 with `FunctionError` set and the error as the payload, so that is checked here.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class LambdaOrderReader implements OrderReader {
  readonly #client: InvokeClient;
  readonly #functionName: string;

  constructor(client: InvokeClient, functionName: string) {
    this.#client = client;
    this.#functionName = functionName;
  }

  async findCustomerId(orderId: string): Promise<string | undefined> {
    const request: OrdersReadRequestV1 = { query: 'GetOrderLines', orderId };
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
        `${this.#functionName} failed (${response.FunctionError}) reading ${orderId}: ${payload.slice(0, 500)}`,
      );
    }
    const answer = parseJson(payload);
    if (isRecord(answer) && answer.found === false) return undefined;
    if (isRecord(answer) && answer.found === true && isRecord(answer.order)) {
      const { customerId } = answer.order;
      if (typeof customerId === 'string' && customerId !== '') return customerId;
    }
    throw new OrdersReadInterfaceError(`${this.#functionName} answered ${orderId} with ${payload.slice(0, 500)}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
