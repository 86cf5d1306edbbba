import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OutgoingEvent } from '@shop/shared/envelope';
import type { ReserveOutcome, StockItem, StockRepository } from '../domain/ports.ts';
import type { Reservation, ShortfallReason } from '../domain/reservation.ts';

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_ROUNDS = 5;

const stockKey = (sku: string) => `SKU#${sku}`;
const reservationKey = (orderId: string) => `RESERVATION#${orderId}`;

interface ReservationItem {
  pk: string;
  orderId: string;
  status: Reservation['status'];
  lines: Reservation['lines'];
  createdAt: string;
  reservationId?: string;
  reason?: ShortfallReason;
  skus?: string[];
  /** The outcome event as JSON, re-published unchanged when the order is delivered again. */
  outcomeEvent?: string;
  releasedAt?: string;
  /** InventoryReleased as JSON, re-published unchanged when the cancellation is delivered again. */
  releaseEvent?: string;
}

/**
 * Stock and reservations in one DynamoDB table keyed on `pk`: `SKU#<sku>` items hold
 * `available` and `reserved`, `RESERVATION#<orderId>` items record what was decided per order
 * (RESERVED, FAILED, RELEASED, or CANCELLED for an order cancelled before any decision).
 */
export class DynamoDbStockRepository implements StockRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /**
   * One TransactWriteItems: an Update per line, conditional on the SKU existing with enough
   * available stock, plus the Put of the reservation record, conditional on it not existing.
   * DynamoDB applies all of them or none. On cancellation, `CancellationReasons` lists one
   * reason per action in request order (`ConditionalCheckFailed` or `None`), which says whether
   * the record already existed or a line was short. Other reasons (a conflicting concurrent
   * transaction, throttling) are rethrown so the message is retried.
   * A transaction holds at most 100 actions: 50 lines (the orders limit) plus the record fit.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
   */
  async reserve(reservation: Reservation): Promise<ReserveOutcome> {
    const lineUpdates = reservation.lines.map(({ sku, quantity }) => ({
      Update: {
        TableName: this.#tableName,
        Key: { pk: stockKey(sku) },
        UpdateExpression: 'SET available = available - :quantity, reserved = reserved + :quantity',
        ConditionExpression: 'attribute_exists(pk) AND available >= :quantity',
        ExpressionAttributeValues: { ':quantity': quantity },
      },
    }));
    const recordPut = {
      Put: {
        TableName: this.#tableName,
        Item: toReservationItem(reservation),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await this.#client.send(new TransactWriteCommand({ TransactItems: [...lineUpdates, recordPut] }));
      return 'RESERVED';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) {
        throw error;
      }
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      if (codes[lineUpdates.length] === 'ConditionalCheckFailed') {
        return 'ALREADY_RECORDED';
      }
      if (codes.slice(0, lineUpdates.length).includes('ConditionalCheckFailed')) {
        return 'NOT_RESERVED';
      }
      throw error;
    }
  }

  async recordReservation(reservation: Reservation): Promise<'RECORDED' | 'ALREADY_RECORDED'> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: toReservationItem(reservation),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'RECORDED';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return 'ALREADY_RECORDED';
      }
      throw error;
    }
  }

  /**
   * One TransactWriteItems, the mirror of `reserve`: an Update per line giving the quantity back
   * (`available + q`, `reserved - q`, conditional on at least `q` being reserved), plus the
   * Update of the record to RELEASED, conditional on its status still being RESERVED. The
   * record's reason in `CancellationReasons` tells a release that already happened
   * (NOT_RESERVED) from a line holding less than the reservation, which breaks an invariant and
   * is rethrown (the message is retried, then parked in the DLQ for an operator).
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
   */
  async release(released: Reservation): Promise<'RELEASED' | 'NOT_RESERVED'> {
    const lineUpdates = released.lines.map(({ sku, quantity }) => ({
      Update: {
        TableName: this.#tableName,
        Key: { pk: stockKey(sku) },
        UpdateExpression: 'SET available = available + :quantity, reserved = reserved - :quantity',
        ConditionExpression: 'attribute_exists(pk) AND reserved >= :quantity',
        ExpressionAttributeValues: { ':quantity': quantity },
      },
    }));
    const recordUpdate = {
      Update: {
        TableName: this.#tableName,
        Key: { pk: reservationKey(released.orderId) },
        UpdateExpression: 'SET #status = :released, releasedAt = :releasedAt, releaseEvent = :releaseEvent',
        ConditionExpression: '#status = :reserved',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':released': 'RELEASED',
          ':reserved': 'RESERVED',
          ':releasedAt': released.releasedAt ?? released.createdAt,
          ':releaseEvent': JSON.stringify(released.releaseEvent),
        },
      },
    };
    try {
      await this.#client.send(new TransactWriteCommand({ TransactItems: [...lineUpdates, recordUpdate] }));
      return 'RELEASED';
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[lineUpdates.length]?.Code === 'ConditionalCheckFailed'
      ) {
        return 'NOT_RESERVED';
      }
      throw error;
    }
  }

  async findReservation(orderId: string): Promise<Reservation | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { pk: reservationKey(orderId) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : fromReservationItem(Item as ReservationItem);
  }

  /**
   * BatchGetItem in chunks of 100, strongly consistent, retrying `UnprocessedKeys` (which
   * BatchGetItem returns instead of failing when it is throttled or hits its size limit).
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
   */
  async findAvailableStock(skus: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (let start = 0; start < skus.length; start += BATCH_GET_LIMIT) {
      let keys: Array<Record<string, unknown>> = skus
        .slice(start, start + BATCH_GET_LIMIT)
        .map((sku) => ({ pk: stockKey(sku) }));
      for (let round = 0; keys.length > 0; round += 1) {
        if (round === MAX_UNPROCESSED_ROUNDS) {
          throw new Error(`BatchGetItem left ${keys.length} key(s) unprocessed after ${round} rounds`);
        }
        const { Responses, UnprocessedKeys } = await this.#client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.#tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'sku, available' },
            },
          }),
        );
        for (const item of Responses?.[this.#tableName] ?? []) {
          if (typeof item.sku === 'string' && typeof item.available === 'number') {
            found.set(item.sku, item.available);
          }
        }
        keys = UnprocessedKeys?.[this.#tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  async addStockIfAbsent(item: StockItem): Promise<'ADDED' | 'KEPT'> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { pk: stockKey(item.sku), sku: item.sku, name: item.name, available: item.available, reserved: 0 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'ADDED';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return 'KEPT';
      }
      throw error;
    }
  }
}

function toReservationItem(reservation: Reservation): ReservationItem {
  return {
    pk: reservationKey(reservation.orderId),
    orderId: reservation.orderId,
    status: reservation.status,
    lines: reservation.lines,
    createdAt: reservation.createdAt,
    ...(reservation.reservationId === undefined ? {} : { reservationId: reservation.reservationId }),
    ...(reservation.shortfall === undefined
      ? {}
      : { reason: reservation.shortfall.reason, skus: reservation.shortfall.skus }),
    ...(reservation.outcomeEvent === undefined ? {} : { outcomeEvent: JSON.stringify(reservation.outcomeEvent) }),
    ...(reservation.releasedAt === undefined ? {} : { releasedAt: reservation.releasedAt }),
    ...(reservation.releaseEvent === undefined ? {} : { releaseEvent: JSON.stringify(reservation.releaseEvent) }),
  };
}

/** Maps a record this class wrote back to the domain's reservation. */
function fromReservationItem(item: ReservationItem): Reservation {
  return {
    orderId: item.orderId,
    status: item.status,
    lines: item.lines,
    createdAt: item.createdAt,
    ...(item.reservationId === undefined ? {} : { reservationId: item.reservationId }),
    ...(item.reason === undefined ? {} : { shortfall: { reason: item.reason, skus: item.skus ?? [] } }),
    ...(item.outcomeEvent === undefined ? {} : { outcomeEvent: JSON.parse(item.outcomeEvent) as OutgoingEvent }),
    ...(item.releasedAt === undefined ? {} : { releasedAt: item.releasedAt }),
    ...(item.releaseEvent === undefined ? {} : { releaseEvent: JSON.parse(item.releaseEvent) as OutgoingEvent }),
  };
}
