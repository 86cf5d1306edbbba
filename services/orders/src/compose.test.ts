import { ConfigError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import {
  composeCancelOrder,
  composeFollowOrder,
  composeGetOrder,
  composePlaceOrder,
  composeReadOrder,
  composeRelayOutbox,
} from './compose.ts';

const placeOrderEnvironment = {
  ORDERS_TABLE: 'shop-orders-test',
  IDEMPOTENCY_TABLE: 'shop-orders-idempotency-test',
  EVENT_BUS_NAME: 'shop-test',
};

describe('orders composition root', () => {
  it.each(Object.keys(placeOrderEnvironment))(
    'fails placeOrder at cold start naming %s when it is missing',
    (missing) => {
      const environment = { ...placeOrderEnvironment, [missing]: '' };

      expect(() => composePlaceOrder(environment)).toThrow(ConfigError);
      expect(() => composePlaceOrder(environment)).toThrow(missing);
    },
  );

  it('wires the read-only functions from the orders table alone', () => {
    expect(() => composeGetOrder({ ORDERS_TABLE: 'shop-orders-test' })).not.toThrow();
    expect(() => composeReadOrder({ ORDERS_TABLE: 'shop-orders-test' })).not.toThrow();
  });

  it('refuses an outbox grace period that is not a whole number of seconds', () => {
    const environment = { ORDERS_TABLE: 't', EVENT_BUS_NAME: 'b', OUTBOX_GRACE_SECONDS: 'thirty' };

    expect(() => composeRelayOutbox(environment)).toThrow('OUTBOX_GRACE_SECONDS');
  });

  it.each(['ORDERS_TABLE', 'IDEMPOTENCY_TABLE', 'EVENT_BUS_NAME', 'DEAD_LETTER_QUEUE_URL'])(
    'fails followOrder at cold start naming %s when it is missing',
    (missing) => {
      const environment = {
        AWS_REGION: 'eu-west-1',
        ORDERS_TABLE: 't',
        IDEMPOTENCY_TABLE: 'i',
        EVENT_BUS_NAME: 'b',
        DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq',
        [missing]: '',
      };

      expect(() => composeFollowOrder(environment)).toThrow(missing);
    },
  );

  it('wires cancelOrder from the orders table and the bus alone', () => {
    expect(() => composeCancelOrder({ ORDERS_TABLE: 't', EVENT_BUS_NAME: 'b' })).not.toThrow();
    expect(() => composeCancelOrder({ ORDERS_TABLE: 't' })).toThrow('EVENT_BUS_NAME');
  });
});
