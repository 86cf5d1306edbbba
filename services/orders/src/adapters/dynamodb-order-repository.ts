import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OutgoingEvent } from '@shop/shared/envelope';
import { ConflictError } from '@shop/shared/errors';
import type { Order } from '../domain/order.ts';
import type { OrderRepository, PendingEvent } from '../domain/ports.ts';

/** The value of the sparse `by-outbox` GSI's hash key on items with an unpublished event. */
export const OUTBOX_PENDING = 'PENDING';
export const OUTBOX_INDEX = 'by-outbox';

interface OrderItem extends Order {
  outboxPending?: typeof OUTBOX_PENDING;
  outboxEventId?: string;
  outboxEvent?: string;
}

/**
 * Orders in DynamoDB, one item per order keyed on `orderId`.
 *
 * The pending event lives in the order's own item (`outboxPending`, `outboxEventId`,
 * `outboxEvent`), so storing an order and its event is a single PutItem: atomic without a
 * transaction. `outboxPending` is the hash key of the sparse GSI `by-outbox`: DynamoDB only
 * indexes items that carry it, so the relay's query sees exactly the unpublished events.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html
 */
export class DynamoDbOrderRepository implements OrderRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async addWithPendingEvent(order: Order, event: OutgoingEvent): Promise<void> {
    const item: OrderItem = {
      ...order,
      outboxPending: OUTBOX_PENDING,
      outboxEventId: event.detail.metadata.eventId,
      outboxEvent: JSON.stringify(event),
    };
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(orderId)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`Order ${order.orderId} already exists`);
      }
      throw error;
    }
  }

  /** REMOVE conditional on the event id, so clearing never drops a newer pending event. */
  async clearPendingEvent(orderId: string, eventId: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { orderId },
          UpdateExpression: 'REMOVE outboxPending, outboxEventId, outboxEvent',
          ConditionExpression: 'outboxEventId = :eventId',
          ExpressionAttributeValues: { ':eventId': eventId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw error;
      }
    }
  }

  /** Strongly consistent, so an order is readable as soon as its 202 has been sent. */
  async findById(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { orderId }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : toOrder(Item);
  }

  async *listPendingEvents(placedAtOrBefore: string): AsyncIterable<PendingEvent> {
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#tableName,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'outboxPending = :pending AND placedAt <= :cutoff',
        ExpressionAttributeValues: { ':pending': OUTBOX_PENDING, ':cutoff': placedAtOrBefore },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (typeof item.outboxEvent === 'string' && typeof item.orderId === 'string') {
          yield { orderId: item.orderId, event: JSON.parse(item.outboxEvent) as OutgoingEvent };
        }
      }
    }
  }
}

/** Maps a stored item to the aggregate; the item was written by this class, so its shape is known. */
function toOrder(item: Record<string, unknown>): Order {
  const { orderId, customerId, status, lines, total, placedAt, timeline } = item as unknown as Order;
  return { orderId, customerId, status, lines, total, placedAt, timeline };
}
