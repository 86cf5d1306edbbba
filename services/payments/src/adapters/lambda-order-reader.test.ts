import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { interfaceEntry } from '@shop/events';
import { ReadInterfaceError } from '@shop/shared/errors';
import type { InvokeClient } from '@shop/shared/read-interface-client';
import { describe, expect, it } from 'vitest';
import functionError from '../../test/events/lambda-invoke/orders-read-function-error.json' with { type: 'json' };
import { LambdaOrderReader } from './lambda-order-reader.ts';

const examples = interfaceEntry('orders-read', 1)?.examples ?? [];
const exampleOf = (file: string) => examples.find((example) => example.file === file)?.message;

function clientAnswering(answer: { FunctionError?: string; payload: unknown }) {
  const calls: InvokeCommand['input'][] = [];
  const client: InvokeClient = {
    send: async (command) => {
      calls.push(command.input);
      return {
        ...(answer.FunctionError === undefined ? {} : { FunctionError: answer.FunctionError }),
        Payload: new TextEncoder().encode(JSON.stringify(answer.payload)),
      };
    },
  };
  return { client, calls };
}

describe('LambdaOrderReader', () => {
  it('asks the read interface for the order lines synchronously and takes the customer from the answer', async () => {
    const answer = exampleOf('response-order-lines.json');
    const { client, calls } = clientAnswering({ payload: answer });

    const customerId = await new LambdaOrderReader(client, 'shop-orders-dev-readOrder').findCustomerId('ord-1');

    expect(answer).toBeDefined();
    expect(customerId).toBe('cus-7d3e91b2');
    expect(calls[0]).toMatchObject({ FunctionName: 'shop-orders-dev-readOrder', InvocationType: 'RequestResponse' });
    const sent = JSON.parse(new TextDecoder().decode(calls[0]?.Payload as Uint8Array)) as unknown;
    expect(sent).toEqual({ query: 'GetOrderLines', orderId: 'ord-1' });
  });

  it('answers undefined when orders does not know the order', async () => {
    const { client } = clientAnswering({ payload: { found: false, orderId: 'ord-1' } });

    expect(await new LambdaOrderReader(client, 'f').findCustomerId('ord-1')).toBeUndefined();
  });

  it('throws a retryable error when the invoked function failed (Invoke itself answers 200)', async () => {
    const { client } = clientAnswering({ FunctionError: 'Unhandled', payload: functionError });

    const attempt = new LambdaOrderReader(client, 'f').findCustomerId('ord-1');

    await expect(attempt).rejects.toBeInstanceOf(ReadInterfaceError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
  });

  it('throws a retryable error when the answer has no customer', async () => {
    const { client } = clientAnswering({ payload: { found: true, order: { orderId: 'ord-1' } } });

    await expect(new LambdaOrderReader(client, 'f').findCustomerId('ord-1')).rejects.toBeInstanceOf(ReadInterfaceError);
  });
});
