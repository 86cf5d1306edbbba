import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { compileFilterCriteria } from './filter-criteria.ts';

function record(body: string, overrides: Partial<SQSRecord> = {}): SQSRecord {
  return {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
    awsRegion: 'us-east-2',
    ...overrides,
  };
}

const shipped = JSON.stringify({ 'detail-type': 'OrderShipped', detail: { data: { carrier: 'DHL' } } });
const placed = JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { data: {} } });

describe('compileFilterCriteria', () => {
  it('matches fields inside a JSON body', () => {
    const filter = compileFilterCriteria(['{"body": {"detail-type": ["OrderShipped"]}}']);

    expect(filter.matches(record(shipped))).toBe(true);
    expect(filter.matches(record(placed))).toBe(false);
  });

  it('passes a record that any one of the filters matches', () => {
    const filter = compileFilterCriteria([
      '{"body": {"detail-type": ["OrderShipped"]}}',
      '{"body": {"detail-type": ["OrderPlaced"]}}',
    ]);

    expect(filter.matches(record(placed))).toBe(true);
  });

  it('matches a plain-text body with a plain-string pattern', () => {
    const filter = compileFilterCriteria(['{"body": [{"prefix": "Test"}]}']);

    expect(filter.matches(record('Test message.'))).toBe(true);
    expect(filter.matches(record('Other message.'))).toBe(false);
  });

  it('drops a plain-text body when the pattern expects JSON, even with exists: false', () => {
    const filter = compileFilterCriteria(['{"body": {"cancelled": [{"exists": false}]}}']);

    expect(filter.matches(record('Test message.'))).toBe(false);
    expect(filter.matches(record('{"orderId": "o-1"}'))).toBe(true);
  });

  it('drops a JSON body when the pattern expects a plain string', () => {
    const filter = compileFilterCriteria(['{"body": [{"anything-but": "x"}]}']);

    expect(filter.matches(record('{"orderId": "o-1"}'))).toBe(false);
  });

  it('filters on metadata properties with any body when the pattern has no body', () => {
    const filter = compileFilterCriteria(['{"attributes": {"ApproximateReceiveCount": ["1"]}}']);

    expect(filter.matches(record('Test message.'))).toBe(true);
    expect(filter.matches(record(shipped))).toBe(true);
    expect(
      filter.matches(record(shipped, { attributes: { ...record('').attributes, ApproximateReceiveCount: '2' } })),
    ).toBe(false);
  });

  it('refuses a pattern on a field Pipes adds while polling', () => {
    expect(() =>
      compileFilterCriteria(['{"eventSourceARN": ["arn:aws:sqs:us-east-2:123456789012:my-queue"]}']),
    ).toThrow('Filters[0].Pattern filters on eventSourceARN, a field Pipes adds while polling');
  });

  it('refuses a poller field inside an $or branch', () => {
    expect(() => compileFilterCriteria(['{"$or": [{"body": ["a"]}, {"awsRegion": ["us-east-2"]}]}'])).toThrow(
      /filters on awsRegion/,
    );
  });
});
