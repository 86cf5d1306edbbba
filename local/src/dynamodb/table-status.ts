import type { DynaliteBackend } from './dynalite-backend.ts';
import { isDynamoDbError } from './dynamodb-errors.ts';

const SETTLE_TIMEOUT_MS = 10_000;

/** `DescribeTable`'s `Table`, or `undefined` when the table does not exist. */
export async function describeTableIfExists(
  backend: DynaliteBackend,
  tableName: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const output = await backend.call('DescribeTable', { TableName: tableName });
    return output.Table as Record<string, unknown>;
  } catch (error) {
    if (isDynamoDbError(error) && error.code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * Waits until a table change has taken effect: the table (and its indexes) `ACTIVE`, or
 * gone. dynalite makes the change on its next timer tick (its delays are 0 here), but a
 * client that writes right after `CreateTable` answers could still hit `CREATING` and get
 * `ResourceNotFoundException`. Holding the answer until the table is usable is a timing
 * AWS could produce too, and spares every caller a waiter.
 */
export async function waitUntilSettled(
  backend: DynaliteBackend,
  tableName: string,
  expected: 'ACTIVE' | 'GONE',
): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const table = await describeTableIfExists(backend, tableName);
    if (expected === 'GONE' ? table === undefined : isActive(table)) return table;
    if (Date.now() > deadline) {
      throw new Error(`table ${tableName} did not become ${expected} within ${SETTLE_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function isActive(table: Record<string, unknown> | undefined): boolean {
  if (table?.TableStatus !== 'ACTIVE') return false;
  const indexes = Array.isArray(table.GlobalSecondaryIndexes)
    ? (table.GlobalSecondaryIndexes as Array<Record<string, unknown>>)
    : [];
  return indexes.every((index) => index.IndexStatus === 'ACTIVE');
}
