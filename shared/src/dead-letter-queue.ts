/**
 * Parking a record that can never succeed (a schema-invalid event, or a failure `isRetryable`
 * refuses) in a dead-letter queue at once, instead of letting it fail until the queue's `maxReceiveCount` moves it there: the
 * body unchanged, and why, as message attributes an operator sees when peeking the DLQ.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
import { SendMessageCommand, type SendMessageCommandOutput } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/** Where a record that can never succeed goes at once, instead of being retried. */
export interface DeadLetterQueue {
  /** Sends the record's body with `issues` (and any `attributes`) to the queue. */
  park(record: SQSRecord, issues: readonly string[], attributes?: Readonly<Record<string, string>>): Promise<void>;
}

/** The one SQS client method parking calls; `SQSClient` satisfies it. */
export interface SendMessageClient {
  send(command: SendMessageCommand): Promise<SendMessageCommandOutput>;
}

/** SQS message attributes are limited only by the 256 KiB message; keep ours small. */
const MAX_ISSUES_LENGTH = 4096;

/**
 * A dead-letter queue on SQS. Attributes: `validationIssues` (why it was parked: the schema's
 * issues, or the error that is not retryable), `sourceMessageId`, `sourceQueueArn` (when the
 * record names it), and the caller's own.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  readonly #client: SendMessageClient;
  readonly #queueUrl: string;

  /** The queue's URL (the deployment's `DEAD_LETTER_QUEUE_URL`). */
  get queueUrl(): string {
    return this.#queueUrl;
  }

  constructor(client: SendMessageClient, queueUrl: string) {
    this.#client = client;
    this.#queueUrl = queueUrl;
  }

  async park(record: SQSRecord, issues: readonly string[], attributes: Readonly<Record<string, string>> = {}) {
    const text = (value: string) => ({ DataType: 'String', StringValue: value });
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          validationIssues: text(issues.join('\n').slice(0, MAX_ISSUES_LENGTH) || 'invalid event'),
          ...Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, text(value)])),
          sourceMessageId: text(record.messageId),
          ...(record.eventSourceARN ? { sourceQueueArn: text(record.eventSourceARN) } : {}),
        },
      }),
    );
  }
}
