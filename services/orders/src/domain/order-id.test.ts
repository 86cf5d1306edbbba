import { describe, expect, it } from 'vitest';
import { createOrderId, encodeUlid, isOrderId } from './order-id.ts';

describe('encodeUlid', () => {
  it('encodes the time in the first 10 characters, most significant first', () => {
    const ulid = encodeUlid(1469918176385, new Uint8Array(10));

    expect(ulid).toBe('01ARYZ6S410000000000000000');
  });

  it('encodes all 80 random bits in the last 16 characters', () => {
    const ulid = encodeUlid(0, new Uint8Array(10).fill(0xff));

    expect(ulid).toBe('0000000000ZZZZZZZZZZZZZZZZ');
  });

  it('refuses randomness of the wrong length', () => {
    expect(() => encodeUlid(0, new Uint8Array(9))).toThrow(RangeError);
  });

  it('sorts ids by creation time', () => {
    const earlier = encodeUlid(Date.parse('2026-11-24T10:00:00Z'), new Uint8Array(10).fill(0xff));
    const later = encodeUlid(Date.parse('2026-11-24T10:00:00.001Z'), new Uint8Array(10));

    expect(earlier < later).toBe(true);
  });
});

describe('isOrderId', () => {
  it('accepts the ids this service mints', () => {
    expect(isOrderId(createOrderId(new Date(), new Uint8Array(10).fill(7)))).toBe(true);
  });

  it('accepts ord_ followed by a lower-case UUID', () => {
    expect(isOrderId('ord_4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162')).toBe(true);
  });

  it.each([
    ['no prefix', '01ARYZ6S410000000000000000'],
    ['a short ULID', 'ord_01ARYZ6S41'],
    ['a ULID with an excluded letter', 'ord_01ARYZ6S41000000000000000U'],
    ['a path traversal', 'ord_../../etc/passwd'],
    ['a number', 42],
  ])('rejects %s', (_case, value) => {
    expect(isOrderId(value)).toBe(false);
  });
});
