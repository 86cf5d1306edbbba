import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { interfaceEntry } from '@shop/events';
import { describe, expect, it } from 'vitest';
import { ReadInterfaceError, ValidationError } from './errors.ts';
import { createReadInterfaceClient, type InvokeClient } from './read-interface-client.ts';

function contractExample(file: string): unknown {
  const example = interfaceEntry('orders-read', 1)?.examples.find((candidate) => candidate.file === file);
  if (!example) throw new Error(`no orders-read example ${file}`);
  return example.message;
}

/** A Lambda client that records each Invoke and answers as Invoke does (a string payload is sent raw). */
function fakeLambda(answer: { FunctionError?: string; payload?: unknown }) {
  const calls: InvokeCommand['input'][] = [];
  const lambda: InvokeClient = {
    send: async (command) => {
      calls.push(command.input);
      const body = typeof answer.payload === 'string' ? answer.payload : JSON.stringify(answer.payload);
      return {
        ...(answer.FunctionError === undefined ? {} : { FunctionError: answer.FunctionError }),
        ...(answer.payload === undefined ? {} : { Payload: new TextEncoder().encode(body) }),
      };
    },
  };
  const client = createReadInterfaceClient({
    lambda,
    functionName: 'shop-orders-dev-readOrder',
    interfaceName: 'orders-read',
    version: 1,
  });
  return { client, calls };
}

const functionErrorPayload = {
  errorType: 'Runtime.UnhandledPromiseRejection',
  errorMessage: 'ProvisionedThroughputExceededException: throughput exceeded',
};

describe('createReadInterfaceClient', () => {
  it('invokes the function synchronously with the request as the JSON payload', async () => {
    const { client, calls } = fakeLambda({ payload: contractExample('response-order-lines.json') });

    await client.ask({ query: 'GetOrderLines', orderId: 'ord-1' });

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ FunctionName: 'shop-orders-dev-readOrder', InvocationType: 'RequestResponse' });
    const sent = JSON.parse(new TextDecoder().decode(calls[0]?.Payload as Uint8Array)) as unknown;
    expect(sent).toEqual({ query: 'GetOrderLines', orderId: 'ord-1' });
  });

  it('resolves with every response example of the contract as it was answered, for the query it answers', async () => {
    const responses =
      interfaceEntry('orders-read', 1)?.examples.filter(({ file }) => file.startsWith('response')) ?? [];

    expect(responses.length).toBeGreaterThan(2);
    for (const { file, message } of responses) {
      const { client } = fakeLambda({ payload: message });
      const query = file.includes('order-lines') ? 'GetOrderLines' : 'GetOrderSummary';
      await expect(client.ask({ query, orderId: 'ord-1' })).resolves.toEqual(message);
    }
  });

  it('refuses a valid answer to another query than the one asked', async () => {
    const example = (name: string) =>
      interfaceEntry('orders-read', 1)?.examples.find(({ file }) => file === name)?.message;

    const lines = fakeLambda({ payload: example('response-order-lines.json') }).client;
    await expect(lines.ask({ query: 'GetOrderSummary', orderId: 'ord-1' })).rejects.toThrow(
      /answered GetOrderSummary outside the orders-read v1 contract/,
    );
    const summary = fakeLambda({ payload: example('response-order-summary.json') }).client;
    await expect(summary.ask({ query: 'GetOrderLines', orderId: 'ord-1' })).rejects.toBeInstanceOf(ReadInterfaceError);
  });

  it('throws a retryable ReadInterfaceError carrying FunctionError when the function failed (Invoke answers 200)', async () => {
    const { client } = fakeLambda({ FunctionError: 'Unhandled', payload: functionErrorPayload });

    const attempt = client.ask({ query: 'GetOrderLines', orderId: 'ord-1' });

    await expect(attempt).rejects.toBeInstanceOf(ReadInterfaceError);
    await expect(attempt).rejects.toMatchObject({
      retryable: true,
      interfaceName: 'orders-read',
      functionError: 'Unhandled',
      message: expect.stringContaining('ProvisionedThroughputExceededException'),
    });
  });

  it('checks FunctionError before the payload, even when the error payload looks like an answer', async () => {
    const { client } = fakeLambda({ FunctionError: 'Handled', payload: { found: false, orderId: 'ord-1' } });

    await expect(client.ask({ query: 'GetOrderLines', orderId: 'ord-1' })).rejects.toMatchObject({
      functionError: 'Handled',
    });
  });

  it('throws a retryable ReadInterfaceError when the answer breaks the response schema', async () => {
    const { client } = fakeLambda({ payload: { found: true, order: { orderId: 'ord-1', lines: 'none' } } });

    const attempt = client.ask({ query: 'GetOrderLines', orderId: 'ord-1' });

    await expect(attempt).rejects.toBeInstanceOf(ReadInterfaceError);
    await expect(attempt).rejects.toMatchObject({ retryable: true, functionError: undefined });
    await expect(attempt).rejects.toThrow(/outside the orders-read v1 contract: .*response\/order/);
  });

  it('throws a retryable ReadInterfaceError when the answer is not JSON or is missing', async () => {
    for (const payload of ['not json', undefined]) {
      const { client } = fakeLambda({ payload });
      await expect(client.ask({ query: 'GetOrderLines', orderId: 'ord-1' })).rejects.toBeInstanceOf(ReadInterfaceError);
    }
  });

  it('refuses a request outside the request schema without invoking anything', async () => {
    const { client, calls } = fakeLambda({ payload: contractExample('response-not-found.json') });

    await expect(client.ask({ query: 'GetOrderLines', orderId: '' })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('propagates errors of Invoke itself unchanged, for the SDK and the trigger to retry', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const client = createReadInterfaceClient({
      lambda: { send: async () => Promise.reject(throttled) },
      functionName: 'f',
      interfaceName: 'orders-read',
      version: 1,
    });

    await expect(client.ask({ query: 'GetOrderLines', orderId: 'ord-1' })).rejects.toBe(throttled);
  });
});
