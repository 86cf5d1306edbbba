import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { markCaptured, openPayment } from '../domain/payment.ts';
import { DynamoDbPaymentRepository, type PaymentDocumentClient } from './dynamodb-payment-repository.ts';

const now = new Date('2026-11-24T10:15:32.000Z');
const opened = openPayment('ord-1', { amount: 500, currency: 'EUR' }, 'cus-1', now);
const captured = markCaptured(opened, 'pay_1', { correlationId: 'corr-1', causationId: 'evt-1' }, now);

/** A table of one partition key in memory that honours the two conditions the repository writes. */
function fakeTable() {
  const items = new Map<string, Record<string, unknown>>();
  const puts: Array<PutCommand['input']> = [];
  const client: PaymentDocumentClient = {
    send: async (command: GetCommand | PutCommand) => {
      if (command instanceof GetCommand) {
        const item = items.get(String(command.input.Key?.pk));
        return item === undefined ? {} : { Item: structuredClone(item) };
      }
      const { Item = {}, ConditionExpression, ExpressionAttributeValues } = command.input;
      puts.push(command.input);
      const stored = items.get(String(Item.pk));
      const holds =
        ConditionExpression === 'attribute_not_exists(pk)'
          ? stored === undefined
          : stored?.revision === ExpressionAttributeValues?.[':expected'];
      if (!holds)
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      items.set(String(Item.pk), structuredClone(Item));
      return {};
    },
  };
  return { client, items, puts };
}

describe('DynamoDbPaymentRepository', () => {
  it('creates a record only if the order has none, under PAYMENT#<orderId>', async () => {
    const { client, puts } = fakeTable();
    const repository = new DynamoDbPaymentRepository(client, 'shop-payments-test');

    expect(await repository.save(opened)).toBe('SAVED');
    expect(await repository.save(opened)).toBe('CONFLICT');
    expect(puts[0]).toMatchObject({
      TableName: 'shop-payments-test',
      Item: { pk: 'PAYMENT#ord-1', status: 'PENDING', revision: 1 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('changes a record only at the revision it was decided on', async () => {
    const { client, puts } = fakeTable();
    const repository = new DynamoDbPaymentRepository(client, 'shop-payments-test');
    await repository.save(opened);

    expect(await repository.save(captured)).toBe('SAVED');
    expect(await repository.save(captured)).toBe('CONFLICT');
    expect(puts[1]).toMatchObject({
      ConditionExpression: '#revision = :expected',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':expected': 1 },
    });
  });

  it('reads back the record it wrote, outcome event included, strongly consistent', async () => {
    const { client } = fakeTable();
    const reads: Array<GetCommand['input']> = [];
    const repository = new DynamoDbPaymentRepository(
      {
        send: async (command: GetCommand | PutCommand) => {
          if (command instanceof GetCommand) reads.push(command.input);
          return client.send(command as GetCommand);
        },
      },
      'shop-payments-test',
    );
    await repository.save(opened);
    await repository.save(captured);

    expect(await repository.find('ord-1')).toEqual(captured);
    expect(reads[0]).toMatchObject({ Key: { pk: 'PAYMENT#ord-1' }, ConsistentRead: true });
    expect(await repository.find('ord-2')).toBeUndefined();
  });

  it('rethrows a failure that is not a lost condition, so the message is retried', async () => {
    const repository = new DynamoDbPaymentRepository(
      {
        send: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
      't',
    );

    await expect(repository.save(opened)).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});
