import { ValidationError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { parsePlaceOrderRequest, type RawPlaceOrderRequest } from './place-order-request.ts';

const customer = { customerId: 'cus-7d3e91b2', email: 'ada.lovelace@example.com' };
const validBody = {
  name: 'Ada Lovelace',
  currency: 'EUR',
  lines: [
    { sku: 'TEE-CLASSIC-BLACK-M', quantity: 2 },
    { sku: 'MUG-LOGO-350ML', quantity: 1 },
  ],
};

function issuesOf(raw: RawPlaceOrderRequest): readonly string[] {
  try {
    parsePlaceOrderRequest(raw);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parsePlaceOrderRequest', () => {
  it('returns the command and the request keys of a valid request', () => {
    const request = parsePlaceOrderRequest({
      customer,
      body: validBody,
      idempotencyKey: 'key-1',
      correlationId: 'trace.1',
    });

    expect(request).toEqual({
      command: { ...customer, ...validBody },
      idempotencyKey: 'key-1',
      correlationId: 'trace.1',
    });
  });

  it('accepts a SKU it has no price for, because inventory decides whether it exists', () => {
    const body = { ...validBody, lines: [{ sku: 'DOES-NOT-EXIST', quantity: 1 }] };

    expect(parsePlaceOrderRequest({ customer, body }).command.lines).toEqual([{ sku: 'DOES-NOT-EXIST', quantity: 1 }]);
  });

  it('rejects unknown fields at the top level and in lines', () => {
    const body = { ...validBody, coupon: 'FREE', lines: [{ sku: 'CAP-NAVY', quantity: 1, price: 0 }] };

    expect(issuesOf({ customer, body })).toEqual([
      'body.coupon: unknown field (allowed: name, currency, lines)',
      'lines[0].price: unknown field (allowed: sku, quantity)',
    ]);
  });

  it('reports every problem at once', () => {
    const body = { currency: 'eur', lines: [{ sku: 'CAP-NAVY', quantity: 0 }] };

    expect(issuesOf({ customer: { customerId: '', email: 'nope' }, body })).toHaveLength(4);
  });

  it.each([
    ['zero', 0],
    ['more than 100', 101],
    ['a fraction', 1.5],
    ['a numeric string', '2'],
  ])('rejects a quantity that is %s', (_case, quantity) => {
    const body = { ...validBody, lines: [{ sku: 'CAP-NAVY', quantity }] };

    expect(issuesOf({ customer, body })).toEqual(['lines[0].quantity: must be an integer from 1 to 100']);
  });

  it('accepts the boundary quantities 1 and 100', () => {
    const body = {
      ...validBody,
      lines: [
        { sku: 'CAP-NAVY', quantity: 1 },
        { sku: 'TOTE-CANVAS', quantity: 100 },
      ],
    };

    expect(parsePlaceOrderRequest({ customer, body }).command.lines).toHaveLength(2);
  });

  it('rejects a SKU that appears on two lines', () => {
    const body = {
      ...validBody,
      lines: [
        { sku: 'CAP-NAVY', quantity: 1 },
        { sku: 'CAP-NAVY', quantity: 2 },
      ],
    };

    expect(issuesOf({ customer, body })).toEqual([
      'lines[1].sku: CAP-NAVY appears more than once; put the whole quantity on one line',
    ]);
  });

  it('reports a SKU on two lines with the other problems of the request', () => {
    const body = {
      ...validBody,
      currency: 'JPY',
      lines: [
        { sku: 'CAP-NAVY', quantity: 1 },
        { sku: 'CAP-NAVY', quantity: 2 },
      ],
    };

    expect(issuesOf({ customer, body })).toEqual([
      'currency: must be one of EUR, USD, GBP (ISO 4217)',
      'lines[1].sku: CAP-NAVY appears more than once; put the whole quantity on one line',
    ]);
  });

  it.each([
    ['empty', []],
    ['longer than 50 lines', Array.from({ length: 51 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 }))],
    ['not an array', { sku: 'CAP-NAVY', quantity: 1 }],
  ])('rejects lines that are %s', (_case, lines) => {
    expect(issuesOf({ customer, body: { ...validBody, lines } })).toEqual(['lines: must be an array of 1 to 50 lines']);
  });

  it('accepts exactly 50 lines', () => {
    const lines = Array.from({ length: 50 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 }));

    expect(parsePlaceOrderRequest({ customer, body: { ...validBody, lines } }).command.lines).toHaveLength(50);
  });

  it('rejects a currency outside EUR, USD and GBP', () => {
    expect(issuesOf({ customer, body: { ...validBody, currency: 'JPY' } })).toEqual([
      'currency: must be one of EUR, USD, GBP (ISO 4217)',
    ]);
  });

  it('rejects a body that is not an object', () => {
    expect(issuesOf({ customer, body: [validBody] })).toEqual(['body: must be a JSON object with currency and lines']);
  });

  it.each([
    ['empty', ''],
    ['129 characters long', 'k'.repeat(129)],
    ['containing a space', 'my key'],
  ])('rejects an Idempotency-Key that is %s', (_case, idempotencyKey) => {
    expect(issuesOf({ customer, body: validBody, idempotencyKey })).toEqual([
      "header Idempotency-Key: must be 1 to 128 characters of A-Z, a-z, 0-9, '-', '_', ':' or '.'",
    ]);
  });

  it('accepts a 128-character Idempotency-Key of every allowed character class', () => {
    const idempotencyKey = `aZ0-_:.${'x'.repeat(121)}`;

    expect(parsePlaceOrderRequest({ customer, body: validBody, idempotencyKey }).idempotencyKey).toBe(idempotencyKey);
  });

  it('refuses a body that names a customer or an address: both come from the account', () => {
    const body = { ...validBody, customerId: 'cus-someone-else', email: 'attacker@example.com' };

    expect(issuesOf({ customer, body })).toEqual([
      'body.customerId: unknown field (allowed: name, currency, lines)',
      'body.email: unknown field (allowed: name, currency, lines)',
    ]);
  });

  it.each([
    ['without an @', 'ada.example.com'],
    ['without a local part', '@example.com'],
    ['without a domain', 'ada@'],
    ['with a one-label domain', 'ada@localhost'],
    ['with two dots in a row', 'ada..lovelace@example.com'],
    ['with a space', 'ada lovelace@example.com'],
    ['with a line break', 'ada@example.com\nBcc: all@example.com'],
    ['longer than 254 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.com`],
    ['not a string', 42],
  ])('rejects an account e-mail address %s', (_case, email) => {
    expect(issuesOf({ customer: { ...customer, email: email as string }, body: validBody })).toEqual([
      "customer: the account's e-mail address must be one the shop can write to (at most 254 characters)",
    ]);
  });

  it.each([
    ['with a plus tag and subdomains', 'ada+orders@mail.example.co.uk'],
    ['of exactly 254 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`],
  ])('accepts an account e-mail address %s', (_case, email) => {
    expect(email.length).toBeLessThanOrEqual(254);
    expect(parsePlaceOrderRequest({ customer: { ...customer, email }, body: validBody }).command.email).toBe(email);
  });

  it('accepts an order without a name and leaves the name out', () => {
    const { name: _name, ...body } = validBody;

    expect(parsePlaceOrderRequest({ customer, body }).command).not.toHaveProperty('name');
  });

  it.each([
    ['blank', '   '],
    ['longer than 100 characters', 'n'.repeat(101)],
    ['holding a line break', 'Ada\r\nBcc: all@example.com'],
    ['not a string', ['Ada']],
  ])('rejects a name that is %s', (_case, name) => {
    expect(issuesOf({ customer, body: { ...validBody, name } })).toEqual([
      'name: must be a string of 1 to 100 characters, not blank, without control characters',
    ]);
  });

  it('accepts a name of 100 characters in any script', () => {
    const name = `Ægir Þórsson ${'é'.repeat(87)}`;

    expect(parsePlaceOrderRequest({ customer, body: { ...validBody, name } }).command.name).toBe(name);
  });
});
