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
import { ConcurrentOrderUpdateError } from '../domain/errors.ts';
import type { Order } from '../domain/order.ts';
import type { OrderRepository, PendingEvent, SaveOutcome, StoredOrder } from '../domain/ports.ts';

/** The value of the sparse `by-outbox` GSI's hash key on items with an unpublished event. */
export const OUTBOX_PENDING = 'PENDING';
export const OUTBOX_INDEX = 'by-outbox';

/** How often a clear reads again when the order changed between its read and its write. */
const MAX_CLEAR_ATTEMPTS = 5;

/** One event in an order's outbox; the event is kept as JSON so it is re-published byte for byte. */
interface OutboxEntry {
  eventId: string;
  occurredAt: string;
  event: string;
}

/** The order's own attributes, every one of which a save writes (all but the key). */
const ORDER_ATTRIBUTES = [
  'customerId',
  'contact',
  'correlationId',
  'status',
  'cancelReason',
  'lines',
  'total',
  'placedAt',
  'timeline',
] as const satisfies ReadonlyArray<Exclude<keyof Order, 'orderId'>>;

interface OrderItem extends Order {
  revision: number;
  outbox?: OutboxEntry[];
  outboxPending?: typeof OUTBOX_PENDING;
  outboxAt?: string;
}

function toOutboxEntry(event: OutgoingEvent): OutboxEntry {
  const { eventId, occurredAt } = event.detail.metadata;
  return { eventId, occurredAt, event: JSON.stringify(event) };
}

/**
 * Orders in DynamoDB, one item per order keyed on `orderId`, each with its outbox.
 *
 * - **Outbox in the item.** The events an order has to publish are a list (`outbox`) in the
 *   order's own item, so a change and its events are one write: atomic without a transaction.
 *   While the list is not empty the item carries `outboxPending` and `outboxAt` (the
 *   `occurredAt` of its oldest event), the keys of the sparse GSI `by-outbox`: DynamoDB indexes
 *   only items that have them, so the relay's query sees exactly the orders with unpublished
 *   events, the oldest first, and its grace period counts from each event's own time.
 * - **Optimistic locking.** Every write sets `revision = revision + 1` on the condition that it
 *   is still the revision read, so two writers (an event handler, the customer's cancel, a clear)
 *   can never overwrite each other's change; the loser gets `STALE` and decides again.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbOrderRepository implements OrderRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async addWithPendingEvent(order: Order, event: OutgoingEvent): Promise<void> {
    const entry = toOutboxEntry(event);
    const item: OrderItem = {
      ...order,
      revision: 1,
      outbox: [entry],
      outboxPending: OUTBOX_PENDING,
      outboxAt: entry.occurredAt,
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

  /**
   * One UpdateItem: SET every attribute of the order, append the events to the outbox
   * (`list_append` onto `if_not_exists(outbox, [])`) and mark the item pending, keeping
   * `outboxAt` when older events are still waiting. Conditional on the revision read.
   */
  async saveWithPendingEvents(
    order: Order,
    expectedRevision: number,
    events: readonly OutgoingEvent[],
  ): Promise<SaveOutcome> {
    const names: Record<string, string> = { '#revision': 'revision' };
    const values: Record<string, unknown> = { ':expected': expectedRevision, ':next': expectedRevision + 1 };
    const assignments = ['#revision = :next'];
    for (const [index, attribute] of ORDER_ATTRIBUTES.entries()) {
      const value = order[attribute];
      if (value === undefined) continue;
      names[`#a${index}`] = attribute;
      values[`:a${index}`] = value;
      assignments.push(`#a${index} = :a${index}`);
    }
    const oldest = events[0];
    if (oldest !== undefined) {
      Object.assign(names, { '#outbox': 'outbox', '#outboxPending': 'outboxPending', '#outboxAt': 'outboxAt' });
      Object.assign(values, {
        ':events': events.map(toOutboxEntry),
        ':none': [],
        ':pending': OUTBOX_PENDING,
        ':at': oldest.detail.metadata.occurredAt,
      });
      assignments.push(
        '#outbox = list_append(if_not_exists(#outbox, :none), :events)',
        '#outboxPending = :pending',
        '#outboxAt = if_not_exists(#outboxAt, :at)',
      );
    }
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { orderId: order.orderId },
          UpdateExpression: `SET ${assignments.join(', ')}`,
          ConditionExpression: '#revision = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'SAVED';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return 'STALE';
      }
      throw error;
    }
  }

  /**
   * Removes one event from the outbox by rewriting the rest of it, conditional on the revision
   * read; when the list empties, the GSI keys go too, so the item leaves the sparse index.
   * @throws ConcurrentOrderUpdateError when the order kept changing (the event stays pending).
   */
  async clearPendingEvent(orderId: string, eventId: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_CLEAR_ATTEMPTS; attempt += 1) {
      const item = await this.#getItem(orderId);
      const outbox = item?.outbox ?? [];
      if (item === undefined || !outbox.some((entry) => entry.eventId === eventId)) {
        return;
      }
      const remaining = outbox.filter((entry) => entry.eventId !== eventId);
      const oldest = remaining[0];
      try {
        await this.#client.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: { orderId },
            UpdateExpression:
              oldest === undefined
                ? 'SET #revision = :next REMOVE #outbox, #outboxPending, #outboxAt'
                : 'SET #revision = :next, #outbox = :remaining, #outboxAt = :at',
            ConditionExpression: '#revision = :expected',
            ExpressionAttributeNames: {
              '#revision': 'revision',
              '#outbox': 'outbox',
              '#outboxAt': 'outboxAt',
              ...(oldest === undefined ? { '#outboxPending': 'outboxPending' } : {}),
            },
            ExpressionAttributeValues: {
              ':expected': item.revision,
              ':next': item.revision + 1,
              ...(oldest === undefined ? {} : { ':remaining': remaining, ':at': oldest.occurredAt }),
            },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          throw error;
        }
      }
    }
    throw new ConcurrentOrderUpdateError(orderId, MAX_CLEAR_ATTEMPTS);
  }

  /** Strongly consistent, so an order is readable as soon as its 202 has been sent. */
  async findById(orderId: string): Promise<Order | undefined> {
    const item = await this.#getItem(orderId);
    return item === undefined ? undefined : toOrder(item);
  }

  async findForUpdate(orderId: string): Promise<StoredOrder | undefined> {
    const item = await this.#getItem(orderId);
    return item === undefined ? undefined : { order: toOrder(item), revision: item.revision };
  }

  async *listPendingEvents(storedAtOrBefore: string): AsyncIterable<PendingEvent> {
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#tableName,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'outboxPending = :pending AND outboxAt <= :cutoff',
        ExpressionAttributeValues: { ':pending': OUTBOX_PENDING, ':cutoff': storedAtOrBefore },
      },
    );
    for await (const page of pages) {
      for (const item of (page.Items ?? []) as OrderItem[]) {
        for (const entry of item.outbox ?? []) {
          if (entry.occurredAt > storedAtOrBefore) break;
          yield { orderId: item.orderId, event: JSON.parse(entry.event) as OutgoingEvent };
        }
      }
    }
  }

  async #getItem(orderId: string): Promise<OrderItem | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { orderId }, ConsistentRead: true }),
    );
    return Item as OrderItem | undefined;
  }
}

/** Maps a stored item to the aggregate; the item was written by this class, so its shape is known. */
function toOrder(item: OrderItem): Order {
  const { orderId, customerId, contact, correlationId, status, cancelReason, lines, total, placedAt, timeline } = item;
  return {
    orderId,
    customerId,
    contact,
    correlationId,
    status,
    ...(cancelReason === undefined ? {} : { cancelReason }),
    lines,
    total,
    placedAt,
    timeline,
  };
}
