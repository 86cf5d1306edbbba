import { ConfigError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { composeRecordCancellation, composeStartFulfillment } from './compose.ts';
import { composeSagaTasks } from './compose-saga.ts';

const consumerEnvironment = {
  AWS_REGION: 'eu-west-1',
  IDEMPOTENCY_TABLE: 'shop-fulfillment-idempotency-test',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq',
};
const startEnvironment = {
  ...consumerEnvironment,
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:shop-fulfillment-test-saga',
};
const cancellationEnvironment = { ...consumerEnvironment, FULFILLMENT_TABLE: 'shop-fulfillment-test' };

const required = (environment: Record<string, string>) =>
  Object.keys(environment).filter((name) => name !== 'AWS_REGION');

describe('composeStartFulfillment', () => {
  it('wires the consumer from the variables serverless.yml declares', () => {
    expect(composeStartFulfillment(startEnvironment).deadLetters.queueUrl).toBe(startEnvironment.DEAD_LETTER_QUEUE_URL);
  });

  it.each(required(startEnvironment))('fails at cold start naming %s when it is missing', (missing) => {
    const environment = { ...startEnvironment, [missing]: '' };

    expect(() => composeStartFulfillment(environment)).toThrow(ConfigError);
    expect(() => composeStartFulfillment(environment)).toThrow(missing);
  });
});

describe('composeRecordCancellation', () => {
  it.each(required(cancellationEnvironment))('fails at cold start naming %s when it is missing', (missing) => {
    expect(() => composeRecordCancellation({ ...cancellationEnvironment, [missing]: '' })).toThrow(missing);
  });
});

describe('composeSagaTasks', () => {
  it('needs only the fulfillment table and the documents bucket', () => {
    const env = { FULFILLMENT_TABLE: 'shop-fulfillment-test', DOCUMENTS_BUCKET: 'shop-fulfillment-test-documents' };
    expect(() => composeSagaTasks(env)).not.toThrow();
    expect(() => composeSagaTasks({ ...env, FULFILLMENT_TABLE: '' })).toThrow('FULFILLMENT_TABLE');
    expect(() => composeSagaTasks({ ...env, DOCUMENTS_BUCKET: '' })).toThrow('DOCUMENTS_BUCKET');
  });
});
