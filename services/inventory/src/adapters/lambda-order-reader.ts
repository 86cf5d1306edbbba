import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { OrdersReadRequestV1 } from '@shop/events';
import type { OrderLinesAnswer, OrderReader } from '../domain/ports.ts';

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
 * Asks the orders service's published read interface (`events/interfaces/orders-read/v1`) with a
 * synchronous Lambda Invoke. A failed invoked function does not make Invoke throw: the call
 * returns 200 with `FunctionError` set and the error as the payload, so that is checked here.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class LambdaOrderReader implements OrderReader {
  readonly #client: InvokeClient;
  readonly #functionName: string;

  constructor(client: InvokeClient, functionName: string) {
    this.#client = client;
    this.#functionName = functionName;
  }

  async readOrder(orderId: string): Promise<OrderLinesAnswer> {
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
        `${this.#functionName} failed (${response.FunctionError}) reading ${orderId}: ${payload}`,
      );
    }
    const answer = parseJson(payload);
    if (!isOrderLinesAnswer(answer)) {
      throw new OrdersReadInterfaceError(`${this.#functionName} answered ${orderId} with ${payload.slice(0, 500)}`);
    }
    return answer;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The shape this client relies on (an answer to `GetOrderLines`), checked at the boundary so a
 * contract break is a clear, retryable error here rather than a TypeError deep in the use case.
 */
export function isOrderLinesAnswer(value: unknown): value is OrderLinesAnswer {
  if (!isRecord(value)) return false;
  if (value.found === false) return typeof value.orderId === 'string';
  if (value.found !== true || !isRecord(value.order)) return false;
  const { orderId, customerId, lines, total } = value.order;
  return (
    typeof orderId === 'string' &&
    typeof customerId === 'string' &&
    Array.isArray(lines) &&
    lines.length > 0 &&
    lines.every(
      (line) =>
        isRecord(line) && typeof line.sku === 'string' && Number.isInteger(line.quantity) && Number(line.quantity) > 0,
    ) &&
    isRecord(total) &&
    Number.isInteger(total.amount) &&
    typeof total.currency === 'string'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
