import { ConfigError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { composeCancelPayment, composeCapturePayment } from './compose.ts';

const cancelPaymentEnvironment = {
  AWS_REGION: 'eu-west-1',
  PAYMENTS_TABLE: 'shop-payments-test',
  IDEMPOTENCY_TABLE: 'shop-payments-idempotency-test',
  EVENT_BUS_NAME: 'shop-test',
  SOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-compensation',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-compensation-dlq',
};
const capturePaymentEnvironment = {
  ...cancelPaymentEnvironment,

  DELAY_NOTICE_SECONDS: '60',
  SOURCE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-test-payment',
};
const required = (environment: Record<string, string>) =>
  Object.keys(environment).filter((name) => name !== 'AWS_REGION');

describe('composeCapturePayment', () => {
  it('wires the consumer from the variables serverless.yml declares', () => {
    const wired = composeCapturePayment(capturePaymentEnvironment);

    expect(wired.queueUrl).toBe(capturePaymentEnvironment.SOURCE_QUEUE_URL);
    expect(wired.deadLetters.queueUrl).toBe(capturePaymentEnvironment.DEAD_LETTER_QUEUE_URL);
  });

  it.each(required(capturePaymentEnvironment))('fails at cold start naming %s when it is missing', (missing) => {
    const environment = { ...capturePaymentEnvironment, [missing]: '' };

    expect(() => composeCapturePayment(environment)).toThrow(ConfigError);
    expect(() => composeCapturePayment(environment)).toThrow(missing);
  });
});

describe('composeCancelPayment', () => {
  it('needs no orders read interface', () => {
    expect(() => composeCancelPayment(cancelPaymentEnvironment)).not.toThrow();
  });

  it.each(required(cancelPaymentEnvironment))('fails at cold start naming %s when it is missing', (missing) => {
    expect(() => composeCancelPayment({ ...cancelPaymentEnvironment, [missing]: ' ' })).toThrow(missing);
  });
});
