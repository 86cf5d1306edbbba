import { readFile, rename, writeFile } from 'node:fs/promises';
import type { DynaliteBackend } from './dynalite-backend.ts';
import { isDynamoDbError, validationError } from './dynamodb-errors.ts';
import type { ReadersWriterLock } from './readers-writer-lock.ts';

/**
 * TTL for the DynamoDB emulator, which dynalite lacks: `UpdateTimeToLive`,
 * `DescribeTimeToLive` and the background deletion of expired items.
 *
 * AWS behaviour followed (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html):
 * - an item expires when its TTL attribute is a top-level Number holding epoch seconds earlier
 *   than now; any other type (String, a millisecond value far in the future, a set) is ignored;
 * - values more than five years in the past are ignored too;
 * - deletion is eventual: expired items stay visible to reads until the sweeper passes;
 * - enabling an enabled TTL (or disabling a disabled one) is a `ValidationException`.
 * Not emulated: the one-hour wait between two changes of the setting, and the `ENABLING`
 * / `DISABLING` transition (the change is immediate, like table creation here).
 */
export interface TimeToLive {
  updateTimeToLive(input: Record<string, unknown>): Promise<Record<string, unknown>>;
  describeTimeToLive(input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sets the table's TTL as a template declares it (idempotent, unlike the API call). */
  declare(tableName: string, attributeName: string | undefined): Promise<void>;
  /** Forgets the setting of a deleted table, so a new table of that name starts without TTL. */
  forget(tableName: string): Promise<void>;
  /** Deletes every expired item now; resolves with how many were deleted. */
  sweepExpiredItems(): Promise<number>;
}

interface StoredSetting {
  readonly attributeName: string;
  /** Ties the setting to one incarnation of the table: a recreated table has a new id. */
  readonly tableId: string;
}

const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60;

export async function openTimeToLive(options: {
  backend: DynaliteBackend;
  lock: ReadersWriterLock;
  file: string;
  clock: () => number;
}): Promise<TimeToLive> {
  const { backend, lock, file, clock } = options;
  const settings = await readSettings(file);

  const save = async (): Promise<void> => {
    const temporary = `${file}.tmp`;
    await writeFile(temporary, `${JSON.stringify(Object.fromEntries(settings), null, 2)}\n`);
    await rename(temporary, file);
  };

  const describeTable = async (tableName: string): Promise<TableShape> => {
    const output = await backend.call('DescribeTable', { TableName: tableName });
    return tableShapeOf(output);
  };

  /** The attribute name when TTL is enabled on the current incarnation of the table. */
  const enabledAttribute = (tableName: string, table: TableShape): string | undefined => {
    const setting = settings.get(tableName);
    return setting && setting.tableId === table.tableId ? setting.attributeName : undefined;
  };

  const sweepTable = async (tableName: string, attributeName: string): Promise<number> => {
    let table: TableShape;
    try {
      table = await describeTable(tableName);
    } catch (error) {
      if (isDynamoDbError(error) && error.code === 'ResourceNotFoundException') return 0;
      throw error;
    }
    if (enabledAttribute(tableName, table) !== attributeName) return 0;
    const names: Record<string, string> = { '#ttl': attributeName };
    table.keyNames.forEach((name, index) => {
      names[`#k${index}`] = name;
    });
    const nowSeconds = clock() / 1000;
    let deleted = 0;
    let startKey: unknown;
    do {
      const page = await backend.call('Scan', {
        TableName: tableName,
        ConsistentRead: true,
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      for (const item of asItems(page.Items)) {
        const expiry = numberValueOf(item[attributeName]);
        if (expiry === undefined || expiry >= nowSeconds || expiry < nowSeconds - FIVE_YEARS_SECONDS) continue;
        const key = Object.fromEntries(table.keyNames.map((name) => [name, item[name]]));
        const removed = await lock.withExclusive(() =>
          deleteIfUnchanged(backend, tableName, key, attributeName, item[attributeName]),
        );
        if (removed) deleted += 1;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  };

  return {
    async updateTimeToLive(input) {
      const tableName = requireString(input.TableName, 'tableName');
      const specification = input.TimeToLiveSpecification;
      if (typeof specification !== 'object' || specification === null) {
        throw validationError(
          "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
        );
      }
      const { AttributeName, Enabled: enabled } = specification as Record<string, unknown>;
      const attributeName = requireString(AttributeName, 'timeToLiveSpecification.attributeName');
      if (typeof enabled !== 'boolean') {
        throw validationError(
          "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null",
        );
      }
      return lock.withExclusive(async () => {
        const table = await describeTable(tableName);
        const current = enabledAttribute(tableName, table);
        if (enabled && current !== undefined) throw validationError('TimeToLive is already enabled');
        if (!enabled && current === undefined) throw validationError('TimeToLive is already disabled');
        if (enabled) settings.set(tableName, { attributeName, tableId: table.tableId });
        else settings.delete(tableName);
        await save();
        return { TimeToLiveSpecification: { AttributeName: attributeName, Enabled: enabled } };
      });
    },

    async describeTimeToLive(input) {
      const tableName = requireString(input.TableName, 'tableName');
      const table = await describeTable(tableName);
      const attributeName = enabledAttribute(tableName, table);
      return {
        TimeToLiveDescription:
          attributeName === undefined
            ? { TimeToLiveStatus: 'DISABLED' }
            : { TimeToLiveStatus: 'ENABLED', AttributeName: attributeName },
      };
    },

    async declare(tableName, attributeName) {
      const table = await describeTable(tableName);
      if (attributeName === enabledAttribute(tableName, table)) return;
      if (attributeName === undefined) settings.delete(tableName);
      else settings.set(tableName, { attributeName, tableId: table.tableId });
      await save();
    },

    async forget(tableName) {
      if (settings.delete(tableName)) await save();
    },

    async sweepExpiredItems() {
      let deleted = 0;
      for (const [tableName, setting] of [...settings]) {
        deleted += await sweepTable(tableName, setting.attributeName);
      }
      return deleted;
    },
  };
}

/**
 * Deletes the item only if its TTL attribute still holds the expired value the scan saw:
 * a writer that extended the TTL in between wins, as it does against AWS's TTL process.
 */
async function deleteIfUnchanged(
  backend: DynaliteBackend,
  tableName: string,
  key: Record<string, unknown>,
  attributeName: string,
  seen: unknown,
): Promise<boolean> {
  try {
    await backend.call('DeleteItem', {
      TableName: tableName,
      Key: key,
      ConditionExpression: '#ttl = :seen',
      ExpressionAttributeNames: { '#ttl': attributeName },
      ExpressionAttributeValues: { ':seen': seen },
    });
    return true;
  } catch (error) {
    if (isDynamoDbError(error) && error.code === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

interface TableShape {
  readonly tableId: string;
  readonly keyNames: readonly string[];
}

function tableShapeOf(output: Record<string, unknown>): TableShape {
  const table = (output.Table ?? {}) as { TableId?: unknown; KeySchema?: unknown };
  const keySchema = Array.isArray(table.KeySchema) ? (table.KeySchema as Array<{ AttributeName?: unknown }>) : [];
  return {
    tableId: String(table.TableId ?? ''),
    keyNames: keySchema.map((element) => String(element.AttributeName)),
  };
}

function numberValueOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const number = (value as { N?: unknown }).N;
  if (typeof number !== 'string') return undefined;
  const parsed = Number(number);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function asItems(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}

function requireString(value: unknown, member: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw validationError(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

async function readSettings(file: string): Promise<Map<string, StoredSetting>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return new Map();
    throw error;
  }
  const parsed = JSON.parse(text) as Record<string, StoredSetting>;
  return new Map(Object.entries(parsed));
}
