import { SendMessageCommand, type SendMessageCommandOutput } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/** Where a record that can never succeed goes at once, instead of being retried. */
export interface DeadLetterQueue {
  park(record: SQSRecord, issues: readonly string[]): Promise<void>;
}

/** The one SQS client method the queue calls; `SQSClient` satisfies it. */
export interface SendMessageClient {
  send(command: SendMessageCommand): Promise<SendMessageCommandOutput>;
}

/** SQS message attributes are limited only by the 256 KiB message; keep ours small. */
const MAX_ISSUES_LENGTH = 4096;

/**
 * Parks a schema-invalid record in the notification queue's own DLQ, body unchanged, with the
 * validation issues as message attributes, so an operator sees why. The pipe then deletes it
 * from the source queue (the enrichment leaves it out of its answer): no retry storm.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  readonly #client: SendMessageClient;
  readonly #queueUrl: string;

  constructor(client: SendMessageClient, queueUrl: string) {
    this.#client = client;
    this.#queueUrl = queueUrl;
  }

  async park(record: SQSRecord, issues: readonly string[]): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          validationIssues: {
            DataType: 'String',
            StringValue: issues.join('\n').slice(0, MAX_ISSUES_LENGTH) || 'invalid event',
          },
          sourceMessageId: { DataType: 'String', StringValue: record.messageId },
          ...(record.eventSourceARN
            ? { sourceQueueArn: { DataType: 'String', StringValue: record.eventSourceARN } }
            : {}),
        },
      }),
    );
  }
}
