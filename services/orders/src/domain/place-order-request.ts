import { ValidationError } from '@shop/shared/errors';
import { requestIssues } from '@shop/shared/validate-request';
import placeOrderRequestSchema from '../../api/place-order-request.schema.json' with { type: 'json' };
import type { Customer } from './customer.ts';
import customerAccountSchema from './customer-account.schema.json' with { type: 'json' };
import type { Currency } from './money.ts';

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

/** An `Idempotency-Key` or `x-correlation-id` header: what the shop accepts as a key. */
const REQUEST_KEY = /^[A-Za-z0-9\-_:.]{1,128}$/;

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
 * The body says what is ordered (checked against the API's published schema,
 * `api/place-order-request.schema.json`); who orders it, and where the shop writes to them,
 * come from the customer's account (`customer`, checked against its own schema). A body naming a
 * customer or an address is refused like any unknown field, so no client can order in another
 * customer's name. One rule is not a schema's: a SKU on two lines.
 */
function parseCommand(customer: Customer, body: unknown, issues: string[]): PlaceOrderCommand | undefined {
  const accountIssues = requestIssues(customerAccountSchema, customer).map(
    (issue) => `customer: ${issue.slice(issue.indexOf(': ') + 2)}`,
  );
  const bodyIssues = requestIssues(placeOrderRequestSchema, body);
  issues.push(...accountIssues, ...bodyIssues, ...repeatedSkus(body, bodyIssues));
  if (issues.length > 0) return undefined;
  const { name, currency, lines } = body as Pick<PlaceOrderCommand, 'currency' | 'lines'> & { name?: string };
  const { customerId, email } = customer;
  return { customerId, email, ...(name === undefined ? {} : { name }), currency, lines };
}

/**
 * A SKU on a second line, among the lines the schema found nothing wrong with, so it is reported
 * with every other problem at once.
 */
function repeatedSkus(body: unknown, bodyIssues: readonly string[]): string[] {
  const lines = (body as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines) || bodyIssues.some((issue) => issue.startsWith('lines:'))) return [];
  const seen = new Set<string>();
  return lines.flatMap((line: { sku: string }, index) => {
    if (bodyIssues.some((issue) => issue.startsWith(`lines[${index}]`))) return [];
    if (!seen.has(line.sku)) {
      seen.add(line.sku);
      return [];
    }
    return [`lines[${index}].sku: ${line.sku} appears more than once; put the whole quantity on one line`];
  });
}
