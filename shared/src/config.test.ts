import { describe, expect, it } from 'vitest';
import { requireEnv, requireIntegerEnv } from './config.ts';
import { ConfigError } from './errors.ts';

describe('requireEnv', () => {
  it('returns the value of a set variable', () => {
    expect(requireEnv('ORDERS_TABLE', { ORDERS_TABLE: 'shop-orders-local' })).toBe('shop-orders-local');
  });

  it.each([
    ['missing', {}],
    ['empty', { ORDERS_TABLE: '' }],
    ['blank', { ORDERS_TABLE: '  ' }],
  ])('throws a ConfigError naming the variable when it is %s', (_case, env) => {
    expect(() => requireEnv('ORDERS_TABLE', env)).toThrow(ConfigError);
    expect(() => requireEnv('ORDERS_TABLE', env)).toThrow('ORDERS_TABLE');
  });

  it('reads process.env by default', () => {
    process.env.SHARED_CONFIG_TEST_VARIABLE = 'set';
    try {
      expect(requireEnv('SHARED_CONFIG_TEST_VARIABLE')).toBe('set');
    } finally {
      delete process.env.SHARED_CONFIG_TEST_VARIABLE;
    }
  });
});

describe('requireIntegerEnv', () => {
  it('parses a whole number', () => {
    expect(requireIntegerEnv('OUTBOX_GRACE_SECONDS', { OUTBOX_GRACE_SECONDS: '30' })).toBe(30);
  });

  it('rejects a value that is not a whole number, naming the variable', () => {
    expect(() => requireIntegerEnv('OUTBOX_GRACE_SECONDS', { OUTBOX_GRACE_SECONDS: '30s' })).toThrow(
      /OUTBOX_GRACE_SECONDS must be a whole number/,
    );
    expect(() => requireIntegerEnv('OUTBOX_GRACE_SECONDS', { OUTBOX_GRACE_SECONDS: '1.5' })).toThrow(ConfigError);
  });
});
