import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { nestsDeeperThan } from '../edge/json-depth.ts';
import type { EdgeRequest, EdgeResponse, EdgeService } from '../edge/types.ts';
import { type ConsumedCapacity, consumedCapacity } from './capacity-meter.ts';
import { type DynaliteBackend, type RawResponse, startDynalite } from './dynalite-backend.ts';
import { DynamoDbError, isDynamoDbError, parseErrorBody } from './dynamodb-errors.ts';
import { ReadersWriterLock } from './readers-writer-lock.ts';
import { describeKeySchema, keyOfItem } from './table-keys.ts';
import { waitUntilSettled } from './table-status.ts';
import { type ProvisionedTable, provisionTables, type TableTemplate } from './table-templates.ts';
import { openTimeToLive, type TimeToLive } from './time-to-live.ts';
import { createTransactions } from './transactions.ts';

export interface DynamoDbServiceOptions {
  /** The local cloud's data folder; the emulator keeps its files in `<dataDir>/dynamodb`. */
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  /** Milliseconds since the epoch; drives TTL expiry and transaction token lifetimes. */
  readonly clock?: () => number;
  /** How often expired items are deleted. Default 30 s; 0 disables the timer. */
  readonly ttlSweepIntervalMs?: number;
  /** Told when a background TTL sweep fails (the next sweep tries again). */
  readonly onSweepError?: (error: unknown) => void;
  /** Told the capacity each request consumed, per table, as DynamoDB meters it. */
  readonly onConsumedCapacity?: (consumed: ConsumedCapacity) => void;
}

/** The local DynamoDB: dynalite plus transactions and TTL, served behind the edge. */
export interface DynamoDbService {
  /** Claims `X-Amz-Target: DynamoDB_20120810.*` requests. */
  readonly edge: EdgeService;
  /** Creates the tables of `AWS::DynamoDB::Table` resources that do not exist yet. */
  createTablesFromTemplates(tables: ReadonlyArray<TableTemplate>): Promise<ProvisionedTable[]>;
  /** Deletes expired items now (the background sweeper calls this too). */
  sweepExpiredItems(): Promise<number>;
  /** Stops the sweeper and dynalite, releasing the LevelDB lock on the data folder. */
  close(): Promise<void>;
}

const TARGET_PREFIX = 'DynamoDB_20120810';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * Writes run one at a time so a transaction is isolated from them (see
 * `transactions.ts`); table changes too, so a table cannot vanish under a transaction.
 */
const EXCLUSIVE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'CreateTable',
  'UpdateTable',
  'DeleteTable',
]);

/**
 * Reads DynamoDB documents as serializable with transactions. `Query` and `Scan` are only
 * read-committed in DynamoDB, so they run unlocked.
 */
const SHARED_OPERATIONS = new Set(['GetItem', 'BatchGetItem']);

/**
 * Starts the local DynamoDB.
 *
 * Everything dynalite implements is forwarded to it byte for byte and its answers come
 * back unchanged, so SDK clients see dynalite's (DynamoDB-faithful) validation messages.
 * The emulator answers itself only what dynalite lacks: `TransactWriteItems`,
 * `TransactGetItems`, `UpdateTimeToLive`, `DescribeTimeToLive` (with expiry of items), and
 * the `Item` that `ReturnValuesOnConditionCheckFailure: ALL_OLD` adds to a
 * `ConditionalCheckFailedException` (Powertools idempotency reads it).
 */
export async function createDynamoDbService(options: DynamoDbServiceOptions): Promise<DynamoDbService> {
  const clock = options.clock ?? Date.now;
  const folder = join(options.dataDir, 'dynamodb');
  const backend = await startDynalite({
    path: join(folder, 'leveldb'),
    region: options.region,
    accountId: options.accountId,
  });
  const lock = new ReadersWriterLock();
  const timeToLive = await openTimeToLive({ backend, lock, file: join(folder, 'time-to-live.json'), clock }).catch(
    async (error: unknown) => {
      await backend.close();
      throw error;
    },
  );
  const transactions = createTransactions({ backend, lock, clock });

  const emulated: Readonly<Record<string, (input: Record<string, unknown>) => Promise<Record<string, unknown>>>> = {
    TransactWriteItems: transactions.transactWriteItems,
    TransactGetItems: transactions.transactGetItems,
    UpdateTimeToLive: timeToLive.updateTimeToLive,
    DescribeTimeToLive: timeToLive.describeTimeToLive,
  };

  const edge: EdgeService = {
    name: 'dynamodb',
    claims: (request) => targetOf(request)?.startsWith(`${TARGET_PREFIX}.`) ?? false,
    async handle(request) {
      const operation = targetOf(request)?.slice(TARGET_PREFIX.length + 1) ?? '';
      const response = await serve(operation, request);
      if (options.onConsumedCapacity) meter(operation, request, response, options.onConsumedCapacity);
      return response;
    },
  };

  async function serve(operation: string, request: EdgeRequest): Promise<EdgeResponse> {
    try {
      const emulate = emulated[operation];
      if (emulate) return answer(200, await emulate(parseBody(request)));
      if (EXCLUSIVE_OPERATIONS.has(operation)) {
        return await lock.withExclusive(() => forwardWrite(backend, timeToLive, operation, request));
      }
      if (SHARED_OPERATIONS.has(operation)) return passThrough(await lock.withShared(() => backend.forward(request)));
      return passThrough(await backend.forward(request));
    } catch (error) {
      if (isDynamoDbError(error)) return answer(error.statusCode, error.toBody());
      const message = error instanceof Error ? error.message : String(error);
      return answer(500, new DynamoDbError('InternalServerError', message, {}, 500).toBody());
    }
  }

  const sweeper = startSweeper(
    () => timeToLive.sweepExpiredItems(),
    options.ttlSweepIntervalMs ?? 30_000,
    options.onSweepError ?? ((error) => console.error('[local dynamodb] TTL sweep failed:', error)),
  );

  return {
    edge,
    createTablesFromTemplates: (tables) => provisionTables(tables, { backend, timeToLive }),
    sweepExpiredItems: () => sweeper.sweepNow(),
    async close() {
      await sweeper.stop();
      // Waiting for the exclusive side lets writes already accepted finish first.
      await lock.withExclusive(() => backend.close());
    },
  };
}

/** Table operations whose answer waits until the change has taken effect. */
const TABLE_CHANGES: Readonly<Record<string, 'ACTIVE' | 'GONE'>> = {
  CreateTable: 'ACTIVE',
  UpdateTable: 'ACTIVE',
  DeleteTable: 'GONE',
};

/**
 * Forwards one write. Some answers need more than dynalite gives: a table change is
 * answered once the table is usable (see `waitUntilSettled`), a deleted table loses its
 * TTL setting, and a failed condition with `ReturnValuesOnConditionCheckFailure:
 * ALL_OLD` reports the item as it was (read under the same lock, so it is the item the
 * condition saw).
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValuesOnConditionCheckFailure
 */
async function forwardWrite(
  backend: DynaliteBackend,
  timeToLive: TimeToLive,
  operation: string,
  request: EdgeRequest,
): Promise<EdgeResponse> {
  const response = await backend.forward(request);
  const tableChange = TABLE_CHANGES[operation];
  if (tableChange && response.status === 200) {
    const tableName = String(parseBody(request).TableName);
    await waitUntilSettled(backend, tableName, tableChange);
    if (operation === 'DeleteTable') await timeToLive.forget(tableName);
    return passThrough(response);
  }
  if (response.status !== 400 || !['PutItem', 'UpdateItem', 'DeleteItem'].includes(operation)) {
    return passThrough(response);
  }
  const error = parseErrorBody(response.status, response.body);
  const input = parseBody(request);
  if (error.code !== 'ConditionalCheckFailedException' || input.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD') {
    return passThrough(response);
  }
  const tableName = String(input.TableName);
  const key =
    operation === 'PutItem'
      ? keyOfItem(await describeKeySchema(backend, tableName), (input.Item ?? {}) as Record<string, unknown>)
      : input.Key;
  const current = await backend.call('GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
  if (current.Item === undefined) return passThrough(response);
  return answer(400, new DynamoDbError(error.code, error.message, { ...error.details, Item: current.Item }).toBody());
}

interface Sweeper {
  sweepNow(): Promise<number>;
  stop(): Promise<void>;
}

/** Runs sweeps on a timer, never two at once; an explicit sweep joins a running one's successor. */
function startSweeper(sweep: () => Promise<number>, intervalMs: number, onError: (error: unknown) => void): Sweeper {
  let running: Promise<number> = Promise.resolve(0);
  const sweepNow = (): Promise<number> => {
    running = running.catch(() => 0).then(sweep);
    return running;
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          sweepNow().catch(onError);
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    sweepNow,
    async stop() {
      clearInterval(timer);
      await running.catch(() => 0);
    },
  };
}

function targetOf(request: EdgeRequest): string | undefined {
  const header = request.headers['x-amz-target'];
  return Array.isArray(header) ? header[0] : header;
}

/** Meters a request that was served; a body that does not parse consumed nothing. */
function meter(
  operation: string,
  request: EdgeRequest,
  response: EdgeResponse,
  onConsumedCapacity: (consumed: ConsumedCapacity) => void,
): void {
  let input: Record<string, unknown>;
  let output: Record<string, unknown>;
  try {
    input = parseBody(request);
    const text = response.body.toString();
    output = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return;
  }
  for (const consumed of consumedCapacity(operation, input, response.status, output)) onConsumedCapacity(consumed);
}

function parseBody(request: EdgeRequest): Record<string, unknown> {
  let parsed: unknown;
  try {
    const text = request.body.toString('utf8');
    if (nestsDeeperThan(text)) throw new Error('too deep');
    parsed = JSON.parse(text);
  } catch {
    throw new DynamoDbError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DynamoDbError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function passThrough(response: RawResponse): EdgeResponse {
  return { status: response.status, headers: response.headers, body: response.body };
}

/** An answer the emulator writes itself, with the checksum header DynamoDB always sends. */
function answer(status: number, body: Record<string, unknown>): EdgeResponse {
  const text = JSON.stringify(body);
  return {
    status,
    headers: {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'x-amz-crc32': String(crc32(text)),
    },
    body: text,
  };
}
