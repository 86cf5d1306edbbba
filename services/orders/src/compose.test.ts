import { ConfigError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { composeGetOrder, composePlaceOrder, composeReadOrder, composeRelayOutbox } from './compose.ts';

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
});
