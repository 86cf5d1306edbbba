import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toLambdaSqsRecord } from './lambda-record.ts';
import type { SqsMessage } from './sqs-engine.ts';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:000000000000:payments';

const message: SqsMessage = {
  messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
  body: '{"orderId":"o-1"}',
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  attributes: {
    ApproximateReceiveCount: '2',
    SentTimestamp: '1545082649183',
    SenderId: '000000000000',
    ApproximateFirstReceiveTimestamp: '1545082649185',
  },
  messageAttributes: {
    correlationId: { DataType: 'String', StringValue: 'c-1' },
    payload: { DataType: 'Binary', BinaryValue: Buffer.from('1100') },
  },
  md5OfMessageAttributes: '582c92c5c5b6ac403040a4f3ab3115c9',
};

describe('toLambdaSqsRecord', () => {
  it('builds the record of a Lambda SQS event, attributes in camelCase with empty list members', () => {
    const expected: SQSRecord = {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
      body: '{"orderId":"o-1"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1545082649183',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {
        correlationId: { stringValue: 'c-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
        payload: { binaryValue: 'MTEwMA==', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      md5OfMessageAttributes: '582c92c5c5b6ac403040a4f3ab3115c9',
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'eu-west-1',
    };
    expect(toLambdaSqsRecord(message, QUEUE_ARN, 'eu-west-1')).toStrictEqual(expected);
  });

  it('leaves md5OfMessageAttributes out and messageAttributes empty for a message without attributes', () => {
    const record = toLambdaSqsRecord(
      { ...message, messageAttributes: {}, md5OfMessageAttributes: undefined },
      QUEUE_ARN,
      'eu-west-1',
    );
    expect(record.messageAttributes).toEqual({});
    expect('md5OfMessageAttributes' in record).toBe(false);
  });

  it('passes the dead-letter source through for messages received from a DLQ', () => {
    const record = toLambdaSqsRecord(
      { ...message, attributes: { ...message.attributes, DeadLetterQueueSourceArn: QUEUE_ARN } },
      `${QUEUE_ARN}-dlq`,
      'eu-west-1',
    );
    expect(record.attributes.DeadLetterQueueSourceArn).toBe(QUEUE_ARN);
    expect(record.eventSourceARN).toBe(`${QUEUE_ARN}-dlq`);
  });
});
