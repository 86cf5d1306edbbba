import type { DynaliteBackend } from './dynalite-backend.ts';
import { validationError } from './dynamodb-errors.ts';

/** A DynamoDB item or key in the wire format: attribute name → `{ "S": ... }` etc. */
export type AttributeMap = Record<string, unknown>;

/** The primary key of a table: its attribute names (hash first) and their scalar types. */
export interface KeySchema {
  readonly names: readonly string[];
  readonly types: Readonly<Record<string, string>>;
}

/**
 * Reads a table's primary key from `DescribeTable`. The emulator needs it to know which
 * item a `Put` in a transaction targets (the key is inside `Item`) and to find the item a
 * failed conditional `PutItem` should report.
 */
export async function describeKeySchema(backend: DynaliteBackend, tableName: string): Promise<KeySchema> {
  const output = await backend.call('DescribeTable', { TableName: tableName });
  const table = (output.Table ?? {}) as { KeySchema?: unknown; AttributeDefinitions?: unknown };
  const elements = Array.isArray(table.KeySchema) ? (table.KeySchema as Array<Record<string, unknown>>) : [];
  const definitions = Array.isArray(table.AttributeDefinitions)
    ? (table.AttributeDefinitions as Array<Record<string, unknown>>)
    : [];
  const ordered = [...elements].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0));
  const names = ordered.map((element) => String(element.AttributeName));
  const types: Record<string, string> = {};
  for (const definition of definitions) {
    types[String(definition.AttributeName)] = String(definition.AttributeType);
  }
  return { names, types };
}

/** The key of a full item, refused the way DynamoDB refuses a `PutItem` without it. */
export function keyOfItem(schema: KeySchema, item: AttributeMap): AttributeMap {
  const key: AttributeMap = {};
  for (const name of schema.names) {
    const value = item[name];
    if (value === undefined) {
      throw validationError(`One or more parameter values were invalid: Missing the key ${name} in the item`);
    }
    const actual = scalarTypeOf(value);
    if (actual !== schema.types[name]) {
      throw validationError(
        `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${schema.types[name]} actual: ${actual ?? 'NULL'}`,
      );
    }
    key[name] = value;
  }
  return key;
}

/** Checks a `Key` names exactly the table's key attributes with their types. */
export function checkKey(schema: KeySchema, key: unknown): AttributeMap {
  const mismatch = validationError('The provided key element does not match the schema');
  if (typeof key !== 'object' || key === null) throw mismatch;
  const record = key as AttributeMap;
  if (Object.keys(record).length !== schema.names.length) throw mismatch;
  for (const name of schema.names) {
    if (record[name] === undefined || scalarTypeOf(record[name]) !== schema.types[name]) throw mismatch;
  }
  return record;
}

/** A string naming one item of one table, to detect two operations on the same item. */
export function itemIdentity(tableName: string, schema: KeySchema, key: AttributeMap): string {
  return JSON.stringify([tableName, ...schema.names.map((name) => key[name])]);
}

function scalarTypeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const types = Object.keys(value);
  return types.length === 1 ? types[0] : undefined;
}
