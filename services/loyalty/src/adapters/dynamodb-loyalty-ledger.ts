import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LoyaltyLedger } from '../domain/ports.ts';

/**
 * The ledger in one table: `ORDER#<id>` (customer, points, PENDING → CREDITED or CANCELLED) and
 * `CUSTOMER#<id>` (balance). A credit moves the order out of PENDING and adds to the balance in
 * one transaction, so a redelivered OrderShipped can never credit twice.
 */
export class DynamoDbLoyaltyLedger implements LoyaltyLedger {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  async notePending(order: { orderId: string; customerId: string; points: number }, at: string): Promise<void> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: `ORDER#${order.orderId}`,
            customerId: order.customerId,
            points: order.points,
            status: 'PENDING',
            notedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async credit(orderId: string, at: string): Promise<'credited' | 'already-settled' | 'unknown-order'> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `ORDER#${orderId}` }, ConsistentRead: true }),
    );
    if (!Item) return 'unknown-order';
    if (Item.status !== 'PENDING') return 'already-settled';
    try {
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: { pk: `ORDER#${orderId}` },
                UpdateExpression: 'SET #status = :credited, settledAt = :at',
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':credited': 'CREDITED', ':pending': 'PENDING', ':at': at },
              },
            },
            {
              Update: {
                TableName: this.#table,
                Key: { pk: `CUSTOMER#${String(Item.customerId)}` },
                UpdateExpression: 'ADD balance :points',
                ExpressionAttributeValues: { ':points': Number(Item.points) },
              },
            },
          ],
        }),
      );
      return 'credited';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'already-settled';
      throw error;
    }
  }

  async cancel(orderId: string, at: string): Promise<'cancelled' | 'already-settled' | 'unknown-order'> {
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
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.#documents.send(
        new GetCommand({ TableName: this.#table, Key: { pk: `ORDER#${orderId}` } }),
      );
      return Item ? 'already-settled' : 'unknown-order';
    }
  }

  async balanceOf(customerId: string): Promise<number> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `CUSTOMER#${customerId}` } }),
    );
    return Number(Item?.balance ?? 0);
  }
}
