import { ConfigError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { composeReleaseStock, composeReserveStock, composeSeedStock } from './compose.ts';

const reserveStockEnvironment = {
  AWS_REGION: 'eu-west-1',
  INVENTORY_TABLE: 'shop-inventory-test',
  IDEMPOTENCY_TABLE: 'shop-inventory-idempotency-test',
  EVENT_BUS_NAME: 'shop-test',
  ORDERS_READ_FUNCTION: 'shop-orders-test-readOrder',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq',
};

describe('composeReserveStock', () => {
  it('wires the consumer from the variables serverless.yml declares', () => {
    const wired = composeReserveStock(reserveStockEnvironment);

    expect(wired.deadLetters.queueUrl).toBe(reserveStockEnvironment.DEAD_LETTER_QUEUE_URL);
  });

  it.each(Object.keys(reserveStockEnvironment).filter((name) => name !== 'AWS_REGION'))(
    'fails at cold start naming %s when it is missing',
    (missing) => {
      const environment = { ...reserveStockEnvironment, [missing]: '' };

      expect(() => composeReserveStock(environment)).toThrow(ConfigError);
      expect(() => composeReserveStock(environment)).toThrow(missing);
    },
  );
});

describe('composeReleaseStock', () => {
  const releaseStockEnvironment = {
    AWS_REGION: 'eu-west-1',
    INVENTORY_TABLE: 'shop-inventory-test',
    IDEMPOTENCY_TABLE: 'shop-inventory-idempotency-test',
    EVENT_BUS_NAME: 'shop-test',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/order-cancelled-dlq',
  };

  it('wires the consumer without the orders read interface', () => {
    expect(composeReleaseStock(releaseStockEnvironment).deadLetters.queueUrl).toBe(
      releaseStockEnvironment.DEAD_LETTER_QUEUE_URL,
    );
  });

  it.each(Object.keys(releaseStockEnvironment).filter((name) => name !== 'AWS_REGION'))(
    'fails at cold start naming %s when it is missing',
    (missing) => {
      expect(() => composeReleaseStock({ ...releaseStockEnvironment, [missing]: '' })).toThrow(missing);
    },
  );
});

describe('composeSeedStock', () => {
  it('needs only the inventory table', () => {
    expect(() => composeSeedStock({ INVENTORY_TABLE: 'shop-inventory-test' })).not.toThrow();
    expect(() => composeSeedStock({})).toThrow('INVENTORY_TABLE');
  });
});
