import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OutgoingEvent } from '@shop/shared/envelope';
import type { PaymentRecord } from '../domain/payment.ts';
import type { PaymentRepository } from '../domain/ports.ts';

/** The two document-client calls the repository makes; `DynamoDBDocumentClient` satisfies it. */
/** The part of the GetItem and PutItem outputs that is read. */
type DocumentOutput = { Item?: Record<string, unknown> | undefined };

export interface PaymentDocumentClient {
  send(command: GetCommand): Promise<DocumentOutput>;
  send(command: PutCommand): Promise<DocumentOutput>;
}

/** The partition key of an order's payment record in the payments table. */
export const paymentKey = (orderId: string): string => `PAYMENT#${orderId}`;

interface PaymentItem extends Omit<PaymentRecord, 'outcomeEvent' | 'delayNotice'> {
  pk: string;
  /** The outcome event as JSON, re-published unchanged when the order's event is delivered again. */
  outcomeEvent?: string;
  /** The order's one `PaymentDelayed` as JSON, with when it was published. */
  delayNotice?: { event: string; publishedAt?: string };
}

/**
 * Payment records in the payments table (`pk = PAYMENT#<orderId>`; the provider settings item
 * shares the table). Every write is a PutItem with a condition on the revision it was decided
 * on, so of two deliveries racing on one order exactly one write wins and the other is told
 * (`ConditionalCheckFailedException`) to decide again: optimistic locking, no transactions.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbPaymentRepository implements PaymentRepository {
  readonly #client: PaymentDocumentClient;
  readonly #tableName: string;

  constructor(client: PaymentDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /** Strongly consistent: an eventually consistent read could miss the write that settled the order. */
  async find(orderId: string): Promise<PaymentRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { pk: paymentKey(orderId) }, ConsistentRead: true }),
    );
    // Only this class writes PAYMENT# items, so the shape is the one `toItem` gives.
    return Item === undefined ? undefined : fromItem(Item as unknown as PaymentItem);
  }

  async save(record: PaymentRecord): Promise<'SAVED' | 'CONFLICT'> {
    const condition =
      record.revision === 1
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#revision = :expected',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':expected': record.revision - 1 },
          };
    try {
      await this.#client.send(new PutCommand({ TableName: this.#tableName, Item: toItem(record), ...condition }));
      return 'SAVED';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'CONFLICT';
      throw error;
    }
  }
}

function toItem(record: PaymentRecord): PaymentItem {
  const { outcomeEvent, delayNotice, ...rest } = record;
  return {
    pk: paymentKey(record.orderId),
    ...rest,
    ...(outcomeEvent === undefined ? {} : { outcomeEvent: JSON.stringify(outcomeEvent) }),
    ...(delayNotice === undefined ? {} : { delayNotice: { ...delayNotice, event: JSON.stringify(delayNotice.event) } }),
  };
}

/** Maps an item this class wrote back to the domain's record. */
function fromItem(item: PaymentItem): PaymentRecord {
  const { pk: _pk, outcomeEvent, delayNotice, ...rest } = item;
  return {
    ...rest,
    ...(outcomeEvent === undefined ? {} : { outcomeEvent: JSON.parse(outcomeEvent) as OutgoingEvent }),
    ...(delayNotice === undefined
      ? {}
      : { delayNotice: { ...delayNotice, event: JSON.parse(delayNotice.event) as OutgoingEvent } }),
  };
}
