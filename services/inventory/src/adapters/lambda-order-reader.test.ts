import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { interfaceEntry } from '@shop/events';
import { ReadInterfaceError } from '@shop/shared/errors';
import type { InvokeClient } from '@shop/shared/read-interface-client';
import { describe, expect, it } from 'vitest';
import found from '../../test/events/lambda-invoke/orders-read-found.json' with { type: 'json' };
import functionError from '../../test/events/lambda-invoke/orders-read-function-error.json' with { type: 'json' };
import { LambdaOrderReader } from './lambda-order-reader.ts';

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
  it('invokes the read function synchronously with a request of the orders-read v1 contract', async () => {
    const { client, calls } = clientAnswering({ payload: found });
    const requestExample = interfaceEntry('orders-read', 1)?.examples.find(
      ({ file }) => file === 'request-get-order-lines.json',
    );

    await new LambdaOrderReader(client, 'shop-orders-dev-readOrder').readOrder(found.order.orderId);

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ FunctionName: 'shop-orders-dev-readOrder', InvocationType: 'RequestResponse' });
    const sent = JSON.parse(new TextDecoder().decode(calls[0]?.Payload as Uint8Array)) as Record<string, unknown>;
    expect(sent).toEqual({ query: 'GetOrderLines', orderId: found.order.orderId });
    expect(Object.keys(sent).sort()).toEqual(Object.keys(requestExample?.message ?? {}).sort());
  });

  it('returns the answer of the read interface', async () => {
    const { client } = clientAnswering({ payload: found });

    expect(await new LambdaOrderReader(client, 'f').readOrder(found.order.orderId)).toEqual(found);
  });

  it('accepts every example of the contract that answers GetOrderLines', async () => {
    const responses =
      interfaceEntry('orders-read', 1)?.examples.filter(
        ({ file }) => file.startsWith('response-order-lines') || file.startsWith('response-not-found'),
      ) ?? [];

    expect(responses.length).toBeGreaterThan(1);
    for (const { message } of responses) {
      const reader = new LambdaOrderReader(clientAnswering({ payload: message }).client, 'f');
      await expect(reader.readOrder('any')).resolves.toEqual(message);
    }
  });

  it('throws a retryable error when the invoked function failed (Invoke itself answers 200)', async () => {
    const { client } = clientAnswering({ FunctionError: 'Unhandled', payload: functionError });

    const attempt = new LambdaOrderReader(client, 'f').readOrder(found.order.orderId);

    await expect(attempt).rejects.toBeInstanceOf(ReadInterfaceError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
  });

  it('throws a retryable error when the answer is outside the contract', async () => {
    const { client } = clientAnswering({ payload: { found: true, order: { orderId: 'x', lines: 'none' } } });

    await expect(new LambdaOrderReader(client, 'f').readOrder('x')).rejects.toBeInstanceOf(ReadInterfaceError);
  });

  it('throws a retryable error when the answer is a GetOrderSummary one, which carries no customer id', async () => {
    const summary = interfaceEntry('orders-read', 1)?.examples.find(({ file }) =>
      file.startsWith('response-order-summary'),
    );
    const { client } = clientAnswering({ payload: summary?.message });

    expect(summary).toBeDefined();
    await expect(new LambdaOrderReader(client, 'f').readOrder('x')).rejects.toBeInstanceOf(ReadInterfaceError);
  });
});
