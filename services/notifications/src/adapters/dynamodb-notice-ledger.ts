import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Notice, NoticeLedger, NoticeState } from '../domain/ports.ts';

/**
 * The notice ledger in DynamoDB: one item per order and kind (`pk = <orderId>#<kind>`). The claim
 * is a conditional `PutItem` (`attribute_not_exists(pk)`), so of two concurrent attempts exactly
 * one wins; the item holds no personal data (order id, kind, state, SES message id, times).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbNoticeLedger implements NoticeLedger {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async claim(notice: Notice, at: Date): Promise<'claimed' | NoticeState> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            pk: { S: keyOf(notice) },
            orderId: { S: notice.orderId },
            kind: { S: notice.kind },
            state: { S: 'SENDING' },
            claimedAt: { S: at.toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#tableName, Key: { pk: { S: keyOf(notice) } }, ConsistentRead: true }),
    );
    // Released between the two calls: the notice is free again, but another attempt is under way.
    return Item?.state?.S === 'SENT' ? 'SENT' : 'SENDING';
  }

  async markSent(notice: Notice, messageId: string, at: Date): Promise<void> {
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#tableName,
        Key: { pk: { S: keyOf(notice) } },
        UpdateExpression: 'SET #state = :sent, messageId = :messageId, sentAt = :at',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': { S: 'SENT' },
          ':messageId': { S: messageId },
          ':at': { S: at.toISOString() },
        },
      }),
    );
  }

  async release(notice: Notice): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#tableName,
          Key: { pk: { S: keyOf(notice) } },
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': { S: 'SENDING' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

function keyOf(notice: Notice): string {
  return `${notice.orderId}#${notice.kind}`;
}
