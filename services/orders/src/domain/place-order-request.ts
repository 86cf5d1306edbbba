import { ValidationError } from '@shop/shared/errors';
import type { Customer } from './customer.ts';
import { type Currency, currencies, isCurrency } from './money.ts';

/** What a customer asks for when placing an order, once validated. */
export interface PlaceOrderCommand {
  customerId: string;
  /** Where the shop writes to the customer about this order; stored, never put on the bus. */
  email: string;
  /** How to address the customer, when given. */
  name?: string;
  currency: Currency;
  lines: Array<{ sku: string; quantity: number }>;
}

/** A validated `POST /orders` request: the command plus the keys the client sent in headers. */
export interface PlaceOrderRequest {
  command: PlaceOrderCommand;
  /** The client's `Idempotency-Key`: a retry with the same key gets the same order. */
  idempotencyKey?: string;
  /** The client's `x-correlation-id`, when it wants to follow the order under its own id. */
  correlationId?: string;
}

export interface RawPlaceOrderRequest {
  /** The signed-in customer (from their token, never from the body). */
  customer: Customer;
  body: unknown;
  idempotencyKey?: string | undefined;
  correlationId?: string | undefined;
}

export const MAX_LINES = 50;
export const MAX_QUANTITY = 100;
/** RFC 5321's limit on a forward path: no longer address can be delivered to. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 100;

const REQUEST_KEY = /^[A-Za-z0-9\-_:.]{1,128}$/;
const CUSTOMER_ID = /^[A-Za-z0-9\-_:.]{1,64}$/;
const SKU = /^[A-Za-z0-9\-_.]{1,64}$/;
/**
 * A deliverable-looking address: a local part of dot-separated atoms (at most 64 characters), one
 * `@`, and a domain of at least two labels. The same grammar as the `email` format the read
 * interface's schema checks (ajv-formats), so every stored address can be disclosed. Not the
 * full RFC 5322 grammar (quoted local parts, IP literals), which mail providers do not accept
 * from shops either; the mail that is sent is the real check.
 */
const EMAIL =
  /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** Any C0/C1 control character: a name goes into mail headers, where a line break is an injection. */
const CONTROL_CHARACTER = /\p{Cc}/u;
const COMMAND_FIELDS = ['name', 'currency', 'lines'];
const LINE_FIELDS = ['sku', 'quantity'];

/**
 * Validates a place-order request strictly and reports every problem at once, so a client fixes
 * its request in one round trip. Unknown fields are rejected rather than ignored: a misspelt
 * `quantitiy` silently dropped would place an order the customer did not ask for.
 *
 * A SKU only has to be well-formed here; whether it exists is inventory's call (see price-list.ts).
 *
 * @throws ValidationError listing each issue as `<path>: <problem>`.
 */
export function parsePlaceOrderRequest(raw: RawPlaceOrderRequest): PlaceOrderRequest {
  const issues: string[] = [];
  checkRequestKey('Idempotency-Key', raw.idempotencyKey, issues);
  checkRequestKey('x-correlation-id', raw.correlationId, issues);
  const command = parseCommand(raw.customer, raw.body, issues);
  if (command === undefined || issues.length > 0) {
    throw new ValidationError(issues);
  }
  return {
    command,
    ...(raw.idempotencyKey === undefined ? {} : { idempotencyKey: raw.idempotencyKey }),
    ...(raw.correlationId === undefined ? {} : { correlationId: raw.correlationId }),
  };
}

function checkRequestKey(header: string, value: string | undefined, issues: string[]): void {
  if (value !== undefined && !REQUEST_KEY.test(value)) {
    issues.push(`header ${header}: must be 1 to 128 characters of A-Z, a-z, 0-9, '-', '_', ':' or '.'`);
  }
}

/**
 * The body says what is ordered; who orders it, and where the shop writes to them, come from the
 * customer's account (`customer`). A body naming a customer or an address is refused like any
 * unknown field, so no client can order in another customer's name.
 */
function parseCommand(customer: Customer, body: unknown, issues: string[]): PlaceOrderCommand | undefined {
  if (!isRecord(body)) {
    issues.push('body: must be a JSON object with currency and lines');
    return undefined;
  }
  rejectUnknownFields(body, COMMAND_FIELDS, 'body', issues);
  const { name, currency, lines } = body;
  const { customerId, email } = customer;
  if (!CUSTOMER_ID.test(customerId)) {
    issues.push("customer: the account's id must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_', ':' or '.'");
  }
  const validEmail = isEmail(email);
  if (!validEmail) {
    issues.push(
      `customer: the account's e-mail address must be one the shop can write to (at most ${MAX_EMAIL_LENGTH} characters)`,
    );
  }
  const validName = name === undefined || isName(name);
  if (!validName) {
    issues.push(`name: must be a string of 1 to ${MAX_NAME_LENGTH} characters, not blank, without control characters`);
  }
  if (!isCurrency(currency)) {
    issues.push(`currency: must be one of ${currencies.join(', ')} (ISO 4217)`);
  }
  const parsedLines = parseLines(lines, issues);
  if (
    !CUSTOMER_ID.test(customerId) ||
    !validEmail ||
    !validName ||
    !isCurrency(currency) ||
    parsedLines === undefined
  ) {
    return undefined;
  }
  return { customerId, email, ...(typeof name === 'string' ? { name } : {}), currency, lines: parsedLines };
}

function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);
}

function isName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_NAME_LENGTH &&
    value.trim().length > 0 &&
    !CONTROL_CHARACTER.test(value)
  );
}

function parseLines(lines: unknown, issues: string[]): PlaceOrderCommand['lines'] | undefined {
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > MAX_LINES) {
    issues.push(`lines: must be an array of 1 to ${MAX_LINES} lines`);
    return undefined;
  }
  const parsed: PlaceOrderCommand['lines'] = [];
  const seen = new Set<string>();
  lines.forEach((line: unknown, index) => {
    const path = `lines[${index}]`;
    if (!isRecord(line)) {
      issues.push(`${path}: must be an object with sku and quantity`);
      return;
    }
    rejectUnknownFields(line, LINE_FIELDS, path, issues);
    const { sku, quantity } = line;
    const validSku = typeof sku === 'string' && SKU.test(sku);
    if (!validSku) {
      issues.push(`${path}.sku: must be a string of 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' or '.'`);
    } else if (seen.has(sku)) {
      issues.push(`${path}.sku: ${sku} appears more than once; put the whole quantity on one line`);
    }
    const validQuantity = Number.isInteger(quantity) && Number(quantity) >= 1 && Number(quantity) <= MAX_QUANTITY;
    if (!validQuantity) {
      issues.push(`${path}.quantity: must be an integer from 1 to ${MAX_QUANTITY}`);
    }
    if (validSku && validQuantity) {
      seen.add(sku);
      parsed.push({ sku, quantity: Number(quantity) });
    }
  });
  return parsed.length === lines.length ? parsed : undefined;
}

function rejectUnknownFields(value: Record<string, unknown>, allowed: string[], path: string, issues: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      issues.push(`${path}.${key}: unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
