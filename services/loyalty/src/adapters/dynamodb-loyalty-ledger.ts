import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LoyaltyLedger } from '../domain/ports.ts';

/** A conditional write lost to a concurrent one: read the item again and decide again. */
const CONFLICT = Symbol('conflict');

/** How many times a decision is taken again after losing a race before the delivery is retried. */
const MAX_ATTEMPTS = 5;

type OrderItem = Record<string, unknown> & { status: 'PENDING' | 'CREDITED' | 'CANCELLED' | 'SHIPPED' };

/**
 * The ledger in one table: `ORDER#<id>` and `CUSTOMER#<id>` (balance). An order item is PENDING
 * (placed: customer and points) until it is CREDITED or CANCELLED; a shipment or cancellation
 * that arrives before the placement writes SHIPPED or CANCELLED first, and the placement then
 * credits at once or earns nothing. Every write is conditional on the status it was decided on,
 * and a credit moves the order and adds to the balance in one transaction, so a redelivered or
 * concurrent event can never credit twice; a write that loses a race is decided again.
 */
export class DynamoDbLoyaltyLedger implements LoyaltyLedger {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  notePlaced(
    order: { orderId: string; customerId: string; points: number },
    at: string,
  ): Promise<'pending' | 'credited' | 'already-noted'> {
    const { orderId, customerId, points } = order;
    return this.#decide(orderId, async (item) => {
      if (item === undefined) {
        const fields = { customerId, points, status: 'PENDING', notedAt: at };
        return (await this.#putNew(orderId, fields)) ? 'pending' : CONFLICT;
      }
      if (item.status !== 'SHIPPED') return 'already-noted';
      const credited = await this.#credit(orderId, 'SHIPPED', { customerId, points, notedAt: at, settledAt: at });
      return credited ? 'credited' : CONFLICT;
    });
  }

  noteShipped(orderId: string, at: string): Promise<'credited' | 'awaiting-placement' | 'already-settled'> {
    return this.#decide(orderId, async (item) => {
      if (item === undefined) {
        return (await this.#putNew(orderId, { status: 'SHIPPED', shippedAt: at })) ? 'awaiting-placement' : CONFLICT;
      }
      if (item.status !== 'PENDING') return 'already-settled';
      const credited = await this.#credit(orderId, 'PENDING', {
        customerId: String(item.customerId),
        points: Number(item.points),
        settledAt: at,
      });
      return credited ? 'credited' : CONFLICT;
    });
  }

  noteCancelled(orderId: string, at: string): Promise<'cancelled' | 'already-settled'> {
    return this.#decide(orderId, async (item) => {
      if (item === undefined) {
        return (await this.#putNew(orderId, { status: 'CANCELLED', settledAt: at })) ? 'cancelled' : CONFLICT;
      }
      if (item.status !== 'PENDING') return 'already-settled';
      try {
        await this.#documents.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { pk: `ORDER#${orderId}` },
            UpdateExpression: 'SET #status = :cancelled, settledAt = :at',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':pending': 'PENDING', ':at': at },
          }),
        );
        return 'cancelled';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return CONFLICT;
        throw error;
      }
    });
  }

  async balanceOf(customerId: string): Promise<number> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `CUSTOMER#${customerId}` } }),
    );
    return Number(Item?.balance ?? 0);
  }

  /** Reads the order item and decides on it, again each time the decision's write lost a race. */
  async #decide<T>(orderId: string, decide: (item: OrderItem | undefined) => Promise<T | typeof CONFLICT>): Promise<T> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { Item } = await this.#documents.send(
        new GetCommand({ TableName: this.#table, Key: { pk: `ORDER#${orderId}` }, ConsistentRead: true }),
      );
      const outcome = await decide(Item as OrderItem | undefined);
      if (outcome !== CONFLICT) return outcome;
    }
    throw new Error(`Loyalty lost ${MAX_ATTEMPTS} races in a row on order ${orderId}; the delivery will be retried`);
  }

  /** Writes the first item of an order; false when another event wrote it first. */
  async #putNew(orderId: string, fields: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: { pk: `ORDER#${orderId}`, ...fields },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Moves an order from `from` to CREDITED and adds its points to the customer's balance, in one
   * transaction; false when the order is no longer in `from`.
   */
  async #credit(
    orderId: string,
    from: 'PENDING' | 'SHIPPED',
    fields: { customerId: string; points: number; settledAt: string; notedAt?: string },
  ): Promise<boolean> {
    const { customerId, points, ...times } = fields;
    const assignments = Object.keys(times).map((name) => `${name} = :${name}`);
    try {
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: { pk: `ORDER#${orderId}` },
                UpdateExpression: `SET #status = :credited, customerId = :customerId, points = :points, ${assignments.join(', ')}`,
                ConditionExpression: '#status = :from',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':credited': 'CREDITED',
                  ':from': from,
                  ':customerId': customerId,
                  ':points': points,
                  ...Object.fromEntries(Object.entries(times).map(([name, value]) => [`:${name}`, value])),
                },
              },
            },
            {
              Update: {
                TableName: this.#table,
                Key: { pk: `CUSTOMER#${customerId}` },
                UpdateExpression: 'ADD balance :points',
                ExpressionAttributeValues: { ':points': points },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const conditionFailed =
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some(({ Code }) => Code === 'ConditionalCheckFailed');
      if (conditionFailed) return false;
      throw error;
    }
  }
}
