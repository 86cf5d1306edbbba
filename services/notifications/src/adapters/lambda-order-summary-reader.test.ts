import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { interfaceEntry } from '@shop/events';
import { ReadInterfaceError } from '@shop/shared/errors';
import type { InvokeClient } from '@shop/shared/read-interface-client';
import { describe, expect, it } from 'vitest';
import functionError from '../../test/events/lambda-invoke/orders-read-function-error.json' with { type: 'json' };
import { LambdaOrderSummaryReader } from './lambda-order-summary-reader.ts';

/** The orders-read v1 contract's own example messages. */
function contractExample(file: string): unknown {
  const example = interfaceEntry('orders-read', 1)?.examples.find((candidate) => candidate.file === file);
  if (!example) throw new Error(`no orders-read example ${file}`);
  return example.message;
}

function clientAnswering(answer: { FunctionError?: string; payload: unknown }) {
  const calls: InvokeCommand['input'][] = [];
  const client: InvokeClient = {
    send: async (command) => {
      calls.push(command.input);
      return {
        ...(answer.FunctionError === undefined ? {} : { FunctionError: answer.FunctionError }),
        Payload: new TextEncoder().encode(
          typeof answer.payload === 'string' ? answer.payload : JSON.stringify(answer.payload),
        ),
      };
    },
  };
  return { client, calls };
}

describe('LambdaOrderSummaryReader', () => {
  it('asks the read function synchronously with the contract’s GetOrderSummary request', async () => {
    const { client, calls } = clientAnswering({ payload: contractExample('response-order-summary.json') });

    await new LambdaOrderSummaryReader(client, 'shop-orders-dev-readOrder').readOrderSummary(
      'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9',
    );

    expect(calls[0]).toMatchObject({ FunctionName: 'shop-orders-dev-readOrder', InvocationType: 'RequestResponse' });
    const sent = JSON.parse(new TextDecoder().decode(calls[0]?.Payload as Uint8Array)) as unknown;
    expect(sent).toEqual({
      ...(contractExample('request-get-order-summary.json') as object),
      orderId: 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9',
    });
  });

  it('answers the recipient and the order summary, leaving the timeline behind', async () => {
    const { client } = clientAnswering({ payload: contractExample('response-order-summary.json') });

    const answer = await new LambdaOrderSummaryReader(client, 'f').readOrderSummary('ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9');

    expect(answer).toEqual({
      found: true,
      recipient: { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' },
      order: {
        orderId: 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9',
        status: 'PAID',
        lines: [
          { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
          { sku: 'MUG-LOGO-350ML', quantity: 1 },
        ],
        total: { amount: 6200, currency: 'EUR' },
      },
    });
  });

  it('answers found: false for an order orders does not know', async () => {
    const { client } = clientAnswering({ payload: contractExample('response-not-found.json') });

    expect(await new LambdaOrderSummaryReader(client, 'f').readOrderSummary('ord_unknown')).toEqual({ found: false });
  });

  it('throws a retryable error when the invoked function failed (Invoke itself answers 200)', async () => {
    const { client } = clientAnswering({ FunctionError: 'Unhandled', payload: functionError });

    const attempt = new LambdaOrderSummaryReader(client, 'f').readOrderSummary('ord_1');

    await expect(attempt).rejects.toBeInstanceOf(ReadInterfaceError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
  });

  it('refuses the answer to the other query, which carries no contact', async () => {
    const { client } = clientAnswering({ payload: contractExample('response-order-lines.json') });

    await expect(new LambdaOrderSummaryReader(client, 'f').readOrderSummary('ord_1')).rejects.toThrow(
      /answered GetOrderSummary outside the orders-read v1 contract/,
    );
  });

  it('refuses an answer outside the contract', async () => {
    const { client } = clientAnswering({ payload: { found: true, order: { orderId: 'ord_1', email: 'a@b.c' } } });

    await expect(new LambdaOrderSummaryReader(client, 'f').readOrderSummary('ord_1')).rejects.toThrow(
      /outside the orders-read v1 contract/,
    );
  });

  it('refuses an answer that is not JSON', async () => {
    const { client } = clientAnswering({ payload: 'not json' });

    await expect(new LambdaOrderSummaryReader(client, 'f').readOrderSummary('ord_1')).rejects.toBeInstanceOf(
      ReadInterfaceError,
    );
  });
});
