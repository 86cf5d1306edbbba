import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LedgerChange, OrderEntry } from '../domain/ledger.ts';
import type { LoyaltyLedger } from '../domain/ports.ts';

/**
 * The ledger in one table: `ORDER#<id>` (the order's entry, with when it was noted and
 * settled) and `CUSTOMER#<id>` (balance). Every write is conditional on the entry it was decided
 * on, and a credit moves the order and adds to the balance in one transaction, so a redelivered
 * or concurrent event can never credit twice: a write that loses answers false, and the use case
 * decides again.
 */
export class DynamoDbLoyaltyLedger implements LoyaltyLedger {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  async read(orderId: string): Promise<OrderEntry | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `ORDER#${orderId}` }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const status = Item.status as OrderEntry['status'];
    return status === 'PENDING' || status === 'CREDITED'
      ? { status, customerId: String(Item.customerId), points: Number(Item.points) }
      : { status };
  }

  async apply(orderId: string, change: LedgerChange, at: string): Promise<boolean> {
    try {
      if (change.kind === 'create') await this.#create(orderId, change.entry, at);
      else if (change.kind === 'cancel') await this.#cancel(orderId, at);
      else await this.#credit(orderId, change, at);
      return true;
    } catch (error) {
      const lost =
        error instanceof ConditionalCheckFailedException ||
        (error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some(({ Code }) => Code === 'ConditionalCheckFailed'));
      if (lost) return false;
      throw error;
    }
  }

  async balanceOf(customerId: string): Promise<number> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { pk: `CUSTOMER#${customerId}` } }),
    );
    return Number(Item?.balance ?? 0);
  }

  /** The order's first entry, stamped with when it was noted (placed) or settled (shipped, cancelled). */
  async #create(orderId: string, entry: OrderEntry, at: string): Promise<void> {
    const stamp =
      entry.status === 'PENDING' ? { notedAt: at } : entry.status === 'SHIPPED' ? { shippedAt: at } : { settledAt: at };
    await this.#documents.send(
      new PutCommand({
        TableName: this.#table,
        Item: { pk: `ORDER#${orderId}`, ...entry, ...stamp },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async #cancel(orderId: string, at: string): Promise<void> {
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
  }

  /** Moves the order from `from` to CREDITED and adds its points to the customer's balance, in one transaction. */
  async #credit(orderId: string, change: Extract<LedgerChange, { kind: 'credit' }>, at: string): Promise<void> {
    const { from, customerId, points } = change;
    // A placement that settles a shipment already recorded is noted now too.
    const times: Record<string, string> = from === 'SHIPPED' ? { notedAt: at, settledAt: at } : { settledAt: at };
    const assignments = Object.keys(times).map((name) => `${name} = :${name}`);
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
  }
}
