/**
 * The client side of a published read interface (such as `orders-read`): one synchronous
 * Lambda Invoke per question, with both messages checked against the interface catalog, so
 * every consumer asks and reads answers the same way instead of hand-rolling the Invoke.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { InterfaceMap } from '@shop/events';
import { isValidationError, ReadInterfaceError } from './errors.ts';
import {
  type InterfaceAnswer,
  type InterfaceMessage,
  type InterfaceQuery,
  validateInterfaceAnswer,
  validateInterfaceMessage,
} from './validate-event.ts';

/** The one Lambda client method the read-interface client calls; `LambdaClient` satisfies it. */
export interface InvokeClient {
  send(command: InvokeCommand): Promise<{ FunctionError?: string | undefined; Payload?: Uint8Array | undefined }>;
}

/** Where a read interface is served and which of its published versions to speak. */
export interface ReadInterfaceClientOptions<I extends keyof InterfaceMap, V extends keyof InterfaceMap[I] & number> {
  readonly lambda: InvokeClient;
  /** The owner's read function (name or ARN), as the deployment wires it. */
  readonly functionName: string;
  readonly interfaceName: I;
  readonly version: V;
}

/** Asks one read interface version. */
export interface ReadInterfaceClient<I extends keyof InterfaceMap, V extends keyof InterfaceMap[I] & number> {
  /**
   * Sends `request` and resolves with the owner's answer to that query: one of the response
   * branches the interface lists for it, so the caller gets the type of the query it asked.
   *
   * @throws ValidationError when `request` breaks the request schema (a bug here: nothing is sent)
   * @throws ReadInterfaceError (retryable) when the function failed or answered outside the contract
   *   (including a valid answer to another query)
   */
  ask<Q extends InterfaceQuery<I, V>>(
    request: Extract<InterfaceMessage<I, V, 'request'>, { query: Q }>,
  ): Promise<InterfaceAnswer<I, V, Q>>;
}

/** Longest slice of a payload quoted in an error: enough to diagnose, bounded for the logs. */
const QUOTE_LIMIT = 500;

/**
 * Creates a client of a read interface served by a Lambda function, invoked with
 * `InvocationType: 'RequestResponse'`. A failed invoked function does not make Invoke throw:
 * Invoke answers 200 with `FunctionError` set and the function's error as the payload, so that
 * is checked before the payload is read as an answer. Errors of Invoke itself (throttling,
 * access denied) are the SDK's and propagate unchanged.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export function createReadInterfaceClient<I extends keyof InterfaceMap, V extends keyof InterfaceMap[I] & number>(
  options: ReadInterfaceClientOptions<I, V>,
): ReadInterfaceClient<I, V> {
  const { lambda, functionName, interfaceName, version } = options;
  const contract = `${interfaceName} v${version}`;

  function parseAnswer<Q extends InterfaceQuery<I, V>>(query: Q, payload: string): InterfaceAnswer<I, V, Q> {
    try {
      return validateInterfaceAnswer(interfaceName, version, query, JSON.parse(payload) as unknown);
    } catch (error) {
      if (error instanceof SyntaxError || isValidationError(error)) {
        throw new ReadInterfaceError(
          interfaceName,
          `${functionName} answered ${query} outside the ${contract} contract: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  return {
    async ask<Q extends InterfaceQuery<I, V>>(request: Extract<InterfaceMessage<I, V, 'request'>, { query: Q }>) {
      validateInterfaceMessage(interfaceName, version, 'request', request);
      const response = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
      );
      const payload = response.Payload === undefined ? '' : new TextDecoder().decode(response.Payload);
      if (response.FunctionError !== undefined) {
        throw new ReadInterfaceError(
          interfaceName,
          `${functionName} failed (${response.FunctionError}) answering ${contract}: ${payload.slice(0, QUOTE_LIMIT)}`,
          { functionError: response.FunctionError },
        );
      }
      return parseAnswer(request.query, payload);
    },
  };
}
