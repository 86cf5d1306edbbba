import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { OutgoingEvent } from '@shop/shared/envelope';
import type { Cancellation, FulfillmentRecord, StepRecords } from '../domain/fulfillment-record.ts';
import type { FulfillmentRepository, WriteOutcome } from '../domain/ports.ts';
import type { FulfillmentStep } from '../domain/saga.ts';

/** The attribute of the order item that holds each step's record. */
const STEP_ATTRIBUTES: { readonly [S in FulfillmentStep]: string } = {
  ALLOCATE_STOCK: 'allocation',
  BOOK_CARRIER: 'carrierBooking',
  CREATE_LABEL: 'shippingLabel',
};

export const orderKey = (orderId: string) => `ORDER#${orderId}`;

interface OrderItem {
  pk: string;
  orderId: string;
  allocation?: StepRecords['ALLOCATE_STOCK'];
  carrierBooking?: StepRecords['BOOK_CARRIER'];
  shippingLabel?: StepRecords['CREATE_LABEL'];
  cancellation?: Cancellation;
  compensatingSince?: string;
  /** The outcome event as JSON, re-announced unchanged by a re-run. */
  outcome?: string;
}

/**
 * The fulfillment table keyed on `pk`: one `ORDER#<orderId>` item per order holds every step's
 * record, the cancellation, the compensation mark and the outcome event (`FAULTS#settings`
 * lives beside them). Every write is an UpdateItem with a ConditionExpression on that one
 * item, which DynamoDB evaluates atomically with the write: this is what makes a step happen
 * once per order and lets a cancellation and a label exclude each other without a transaction.
 * Attribute names always go through placeholders, so no name can collide with a reserved word.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbFulfillmentRepository implements FulfillmentRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async find(orderId: string): Promise<FulfillmentRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { pk: orderKey(orderId) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : fromItem(Item as OrderItem);
  }

  recordStep<S extends FulfillmentStep>(orderId: string, step: S, completed: StepRecords[S]): Promise<WriteOutcome> {
    return this.#update(orderId, {
      UpdateExpression: 'SET #step = :completed, #orderId = :orderId',
      ConditionExpression:
        'attribute_not_exists(#step) AND attribute_not_exists(#cancellation) AND attribute_not_exists(#compensatingSince)',
      ExpressionAttributeNames: {
        '#step': STEP_ATTRIBUTES[step],
        '#cancellation': 'cancellation',
        '#compensatingSince': 'compensatingSince',
      },
      ExpressionAttributeValues: { ':completed': completed },
    });
  }

  async beginCompensation(orderId: string, at: string): Promise<FulfillmentRecord> {
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: { pk: orderKey(orderId) },
        UpdateExpression: 'SET #compensatingSince = if_not_exists(#compensatingSince, :at), #orderId = :orderId',
        ExpressionAttributeNames: { '#compensatingSince': 'compensatingSince', '#orderId': 'orderId' },
        ExpressionAttributeValues: { ':at': at, ':orderId': orderId },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(Attributes as OrderItem);
  }

  recordUndone(orderId: string, step: FulfillmentStep, at: string): Promise<WriteOutcome> {
    return this.#update(orderId, {
      UpdateExpression: 'SET #step.#undoneAt = :at, #orderId = :orderId',
      ConditionExpression: 'attribute_exists(#step) AND attribute_not_exists(#step.#undoneAt)',
      ExpressionAttributeNames: { '#step': STEP_ATTRIBUTES[step], '#undoneAt': 'undoneAt' },
      ExpressionAttributeValues: { ':at': at },
    });
  }

  recordCancellation(orderId: string, cancellation: Cancellation): Promise<WriteOutcome> {
    return this.#update(orderId, {
      UpdateExpression: 'SET #cancellation = :cancellation, #orderId = :orderId',
      ConditionExpression:
        'attribute_not_exists(#cancellation) AND (attribute_not_exists(#label) OR attribute_exists(#compensatingSince))',
      ExpressionAttributeNames: {
        '#cancellation': 'cancellation',
        '#label': STEP_ATTRIBUTES.CREATE_LABEL,
        '#compensatingSince': 'compensatingSince',
      },
      ExpressionAttributeValues: { ':cancellation': cancellation },
    });
  }

  recordOutcome(orderId: string, event: OutgoingEvent): Promise<WriteOutcome> {
    return this.#update(orderId, {
      UpdateExpression: 'SET #outcome = :outcome, #orderId = :orderId',
      ConditionExpression: 'attribute_not_exists(#outcome)',
      ExpressionAttributeNames: { '#outcome': 'outcome' },
      ExpressionAttributeValues: { ':outcome': JSON.stringify(event) },
    });
  }

  /** One conditional UpdateItem on the order's item; a failed condition is an answer, not an error. */
  async #update(
    orderId: string,
    expression: Required<
      Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames'>
    > & { ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<WriteOutcome> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { pk: orderKey(orderId) },
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: expression.ConditionExpression,
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#orderId': 'orderId' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':orderId': orderId },
        }),
      );
      return 'RECORDED';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'REFUSED';
      throw error;
    }
  }
}

/** Maps an item this class wrote back to the domain's record. */
function fromItem(item: OrderItem): FulfillmentRecord {
  const steps: FulfillmentRecord['steps'] = {};
  if (item.allocation !== undefined) steps.ALLOCATE_STOCK = item.allocation;
  if (item.carrierBooking !== undefined) steps.BOOK_CARRIER = item.carrierBooking;
  if (item.shippingLabel !== undefined) steps.CREATE_LABEL = item.shippingLabel;
  return {
    orderId: item.orderId,
    steps,
    ...(item.cancellation === undefined ? {} : { cancellation: item.cancellation }),
    ...(item.compensatingSince === undefined ? {} : { compensatingSince: item.compensatingSince }),
    ...(item.outcome === undefined ? {} : { outcome: JSON.parse(item.outcome) as OutgoingEvent }),
  };
}
