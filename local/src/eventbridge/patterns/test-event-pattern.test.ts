import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../edge/aws-error.ts';
import { testEventPattern } from './index.ts';

const EVENT = {
  id: 'e1',
  account: '123456789012',
  source: 'shop.orders',
  time: '2026-01-02T03:04:05Z',
  region: 'eu-west-1',
  'detail-type': 'Order Placed',
  detail: { total: 42 },
};

function failure(input: { EventPattern: string; Event: string }): string {
  try {
    testEventPattern(input);
  } catch (error) {
    if (isAwsError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'ok';
}

describe('testEventPattern', () => {
  it('answers whether the event matches', () => {
    const event = JSON.stringify(EVENT);
    expect(testEventPattern({ EventPattern: '{"source": ["shop.orders"]}', Event: event })).toEqual({ Result: true });
    expect(testEventPattern({ EventPattern: '{"source": ["shop.payments"]}', Event: event })).toEqual({
      Result: false,
    });
  });

  it('does not require resources, although the API reference lists it', () => {
    expect(testEventPattern({ EventPattern: '{"detail": {"total": [42]}}', Event: JSON.stringify(EVENT) }).Result).toBe(
      true,
    );
  });

  it.each(['id', 'account', 'source', 'time', 'region', 'detail-type'])(
    'rejects an event without %s with ValidationException',
    (field) => {
      const event = Object.fromEntries(Object.entries(EVENT).filter(([key]) => key !== field));
      expect(failure({ EventPattern: '{"source": ["x"]}', Event: JSON.stringify(event) })).toBe(
        'ValidationException: Parameter Event is not valid.',
      );
    },
  );

  it.each(['not json', '"a string"', '[1]'])('rejects the event %j with ValidationException', (event) => {
    expect(failure({ EventPattern: '{"source": ["x"]}', Event: event })).toBe(
      'ValidationException: Parameter Event is not valid.',
    );
  });

  it.each(['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-02 03:04:05'])(
    'rejects the time %j',
    (time) => {
      expect(failure({ EventPattern: '{"source": ["x"]}', Event: JSON.stringify({ ...EVENT, time }) })).toBe(
        'ValidationException: Parameter Event is not valid. Reason: Invalid time.',
      );
    },
  );

  it('accepts times with fractions and offsets', () => {
    const event = JSON.stringify({ ...EVENT, time: '2026-01-02T03:04:05.123+02:00' });
    expect(testEventPattern({ EventPattern: '{"source": ["shop.orders"]}', Event: event }).Result).toBe(true);
  });

  it('checks the pattern before the event', () => {
    expect(failure({ EventPattern: '{"source": "x"}', Event: 'not json' })).toMatch(/^InvalidEventPatternException: /);
  });

  it('keeps the digits of large integers in the event', () => {
    const event = JSON.stringify(EVENT).replace('"detail":{"total":42}', '"detail":{"id":12345678901234567890}');
    expect(testEventPattern({ EventPattern: '{"detail": {"id": [12345678901234567890]}}', Event: event }).Result).toBe(
      true,
    );
    expect(testEventPattern({ EventPattern: '{"detail": {"id": [12345678901234567891]}}', Event: event }).Result).toBe(
      false,
    );
  });

  it('rejects a missing parameter as the API does', () => {
    expect(failure({ EventPattern: '{"source": ["x"]}' } as { EventPattern: string; Event: string })).toMatch(
      /^ValidationException: 1 validation error detected: Value null at 'event'/,
    );
  });
});
