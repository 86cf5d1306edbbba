import { createHash } from 'node:crypto';
import type { DynaliteBackend } from './dynalite-backend.ts';
import { DynamoDbError, isDynamoDbError, validationError } from './dynamodb-errors.ts';
import type { ReadersWriterLock } from './readers-writer-lock.ts';
import {
  type AttributeMap,
  checkKey,
  describeKeySchema,
  itemIdentity,
  type KeySchema,
  keyOfItem,
} from './table-keys.ts';

/**
 * `TransactWriteItems` and `TransactGetItems`, which dynalite lacks, built on dynalite's
 * single-item operations so its condition and update-expression evaluators stay the only
 * implementation of DynamoDB's expression semantics.
 *
 * How a write transaction stays all-or-nothing and isolated
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html):
 * 1. It runs under the emulator's exclusive write lock, so no other write interleaves.
 * 2. Request-level checks come first, as in DynamoDB: 1 to 100 actions, exactly one of
 *    ConditionCheck/Put/Update/Delete each, keys matching the schema, and no item targeted
 *    twice (`ValidationException`).
 * 3. Every touched item is read (strongly consistent) and every condition is evaluated
 *    against that snapshot without a visible write: a conditional `PutItem` of the item
 *    exactly as it is, or a conditional `DeleteItem` of an absent item. If any condition
 *    fails, nothing has been written and the answer is `TransactionCanceledException`
 *    with one `CancellationReason` per action, in request order.
 * 4. Otherwise the writes are applied one by one. If one fails at run time (say an update
 *    expression adds to a missing attribute), the items already written are restored from
 *    their snapshots and the action is reported as `ValidationError`.
 * A `ClientRequestToken` makes a successful transaction idempotent for ten minutes; the
 * same token with other parameters is an `IdempotentParameterMismatchException`.
 */
export interface Transactions {
  transactWriteItems(input: Record<string, unknown>): Promise<Record<string, unknown>>;
  transactGetItems(input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

type WriteKind = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';

interface WriteAction {
  readonly kind: WriteKind;
  readonly tableName: string;
  readonly key: AttributeMap;
  readonly spec: Record<string, unknown>;
}

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

const WRITE_KINDS: readonly WriteKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];
const MAX_ACTIONS = 100;
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;
const CONDITION_FAILED = 'The conditional request failed';

/**
 * Messages of dynalite's run-time write failures, which DynamoDB reports inside a
 * transaction as a `ValidationError` cancellation reason rather than a request error.
 */
const ITEM_LEVEL_FAILURE =
  /refers to an attribute that does not exist|incorrect data type|document path provided in the update expression is invalid|size .*exceeded|Type mismatch for attribute to update|secondary index key to unsupported type/;

export function createTransactions(options: {
  backend: DynaliteBackend;
  lock: ReadersWriterLock;
  clock: () => number;
}): Transactions {
  const { backend, lock, clock } = options;
  const tokens = new Map<string, { readonly fingerprint: string; readonly expiresAt: number }>();

  /** Reads each table's key schema once; a missing table fails like DynamoDB does. */
  const schemasFor = async (tableNames: readonly string[]): Promise<(tableName: string) => KeySchema> => {
    const schemas = new Map(
      await Promise.all(
        [...new Set(tableNames)].map(async (name) => [name, await describeKeySchema(backend, name)] as const),
      ),
    );
    return (tableName) => {
      const schema = schemas.get(tableName);
      if (!schema) throw new Error(`no key schema read for table ${tableName}`);
      return schema;
    };
  };

  const writeOnce = async (actions: readonly WriteAction[]): Promise<void> => {
    const snapshots = await Promise.all(actions.map((action) => readItem(backend, action.tableName, action.key)));
    const reasons = await Promise.all(
      actions.map((action, index) => evaluateCondition(backend, action, snapshots[index])),
    );
    if (reasons.some((reason) => reason.Code !== 'None')) throw cancellation(reasons);

    const applied: number[] = [];
    for (const [index, action] of actions.entries()) {
      try {
        await applyAction(backend, action);
        applied.push(index);
      } catch (error) {
        for (const done of applied.reverse()) {
          const undo = actions[done];
          if (undo) await restoreItem(backend, undo, snapshots[done]);
        }
        if (isDynamoDbError(error) && error.code === 'ValidationException' && ITEM_LEVEL_FAILURE.test(error.message)) {
          throw cancellation(
            actions.map((_, other) =>
              other === index ? { Code: 'ValidationError', Message: error.message } : { Code: 'None' },
            ),
          );
        }
        throw error;
      }
    }
  };

  return {
    async transactWriteItems(input) {
      const entries = requireActionList(input.TransactItems);
      const parsed = entries.map((entry, index) => parseWriteEntry(entry, index + 1));
      const schemaOf = await schemasFor(parsed.map((action) => action.tableName));
      const actions = parsed.map((action): WriteAction => {
        const schema = schemaOf(action.tableName);
        const key =
          action.kind === 'Put'
            ? keyOfItem(schema, requireMap(action.spec.Item, 'Item'))
            : checkKey(schema, action.spec.Key);
        return { ...action, key };
      });
      rejectDuplicates(actions.map((action) => itemIdentity(action.tableName, schemaOf(action.tableName), action.key)));

      const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
      const { ClientRequestToken: _token, ...parameters } = input;
      const fingerprint = createHash('sha256').update(JSON.stringify(parameters)).digest('hex');

      return lock.withExclusive(async () => {
        const now = clock();
        for (const [known, entry] of tokens) if (entry.expiresAt <= now) tokens.delete(known);
        const previous = token === undefined ? undefined : tokens.get(token);
        if (previous) {
          if (previous.fingerprint !== fingerprint) {
            throw new DynamoDbError(
              'IdempotentParameterMismatchException',
              'The ClientRequestToken was already used by a transaction with different parameters.',
            );
          }
          return {};
        }
        await writeOnce(actions);
        if (token !== undefined) tokens.set(token, { fingerprint, expiresAt: now + TOKEN_LIFETIME_MS });
        return {};
      });
    },

    async transactGetItems(input) {
      const entries = requireActionList(input.TransactItems);
      const gets = entries.map((entry, index) => {
        const get = asRecord(entry).Get;
        if (typeof get !== 'object' || get === null) {
          throw validationError(
            `1 validation error detected: Value null at 'transactItems.${index + 1}.member.get' failed to satisfy constraint: Member must not be null`,
          );
        }
        const spec = get as Record<string, unknown>;
        return { spec, tableName: requireTableName(spec.TableName, `transactItems.${index + 1}.member.get.tableName`) };
      });
      const schemaOf = await schemasFor(gets.map((get) => get.tableName));
      rejectDuplicates(
        gets.map((get) => {
          const schema = schemaOf(get.tableName);
          return itemIdentity(get.tableName, schema, checkKey(schema, get.spec.Key));
        }),
      );
      const outputs = await lock.withShared(() =>
        Promise.all(
          gets.map((get) =>
            backend.call('GetItem', {
              ...pick(get.spec, ['TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames']),
              ConsistentRead: true,
            }),
          ),
        ),
      );
      return { Responses: outputs.map((output) => (output.Item ? { Item: output.Item } : {})) };
    },
  };
}

function requireActionList(value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw validationError(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  }
  if (value.length < 1) {
    throw validationError(
      "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (value.length > MAX_ACTIONS) {
    throw validationError(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`,
    );
  }
  return value;
}

function parseWriteEntry(entry: unknown, position: number): Omit<WriteAction, 'key'> {
  const record = asRecord(entry);
  const kinds = WRITE_KINDS.filter((kind) => record[kind] != null);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
  }
  const spec = requireMap(record[kind], kind);
  const member = `transactItems.${position}.member.${kind[0]?.toLowerCase()}${kind.slice(1)}`;
  const tableName = requireTableName(spec.TableName, `${member}.tableName`);
  const required = kind === 'ConditionCheck' ? 'ConditionExpression' : kind === 'Update' ? 'UpdateExpression' : '';
  if (required && typeof spec[required] !== 'string') {
    throw validationError(
      `1 validation error detected: Value null at '${member}.${required[0]?.toLowerCase()}${required.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return { kind, tableName, spec };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function requireTableName(value: unknown, member: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw validationError(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

function requireMap(value: unknown, name: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw validationError(`${name} must be a map`);
}

function rejectDuplicates(identities: readonly string[]): void {
  if (new Set(identities).size !== identities.length) {
    throw validationError('Transaction request cannot include multiple operations on one item');
  }
}

function cancellation(reasons: readonly CancellationReason[]): DynamoDbError {
  const summary = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`;
  return new DynamoDbError('TransactionCanceledException', summary, {
    CancellationReasons: reasons,
    Message: summary,
  });
}

async function readItem(
  backend: DynaliteBackend,
  tableName: string,
  key: AttributeMap,
): Promise<AttributeMap | undefined> {
  const output = await backend.call('GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
  return output.Item as AttributeMap | undefined;
}

/**
 * Evaluates an action's condition against the item as it is, through dynalite, with a
 * write nobody can see: the item put back unchanged, or an absent item "deleted".
 */
async function evaluateCondition(
  backend: DynaliteBackend,
  action: WriteAction,
  snapshot: AttributeMap | undefined,
): Promise<CancellationReason> {
  const condition = action.spec.ConditionExpression;
  if (typeof condition !== 'string') return { Code: 'None' };
  // An Update shares its names and values with its UpdateExpression; dynalite (like
  // DynamoDB) refuses names or values an expression does not use, so keep the condition's.
  const names =
    action.kind === 'Update'
      ? referenced(action.spec.ExpressionAttributeNames, condition)
      : action.spec.ExpressionAttributeNames;
  const values =
    action.kind === 'Update'
      ? referenced(action.spec.ExpressionAttributeValues, condition)
      : action.spec.ExpressionAttributeValues;
  const probe: Record<string, unknown> = { TableName: action.tableName, ConditionExpression: condition };
  if (names !== undefined) probe.ExpressionAttributeNames = names;
  if (values !== undefined) probe.ExpressionAttributeValues = values;
  try {
    if (snapshot) await backend.call('PutItem', { ...probe, Item: snapshot });
    else await backend.call('DeleteItem', { ...probe, Key: action.key });
    return { Code: 'None' };
  } catch (error) {
    if (!isDynamoDbError(error) || error.code !== 'ConditionalCheckFailedException') throw error;
    const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED };
    if (action.spec.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && snapshot) reason.Item = snapshot;
    return reason;
  }
}

function referenced(map: unknown, expression: string): Record<string, unknown> | undefined {
  if (typeof map !== 'object' || map === null) return undefined;
  const tokens = new Set(expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  const kept = Object.entries(map).filter(([placeholder]) => tokens.has(placeholder));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

const EXPRESSION_MEMBERS = ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'];

async function applyAction(backend: DynaliteBackend, action: WriteAction): Promise<void> {
  switch (action.kind) {
    case 'Put':
      await backend.call('PutItem', pick(action.spec, ['TableName', 'Item', ...EXPRESSION_MEMBERS]));
      return;
    case 'Update':
      await backend.call(
        'UpdateItem',
        pick(action.spec, ['TableName', 'Key', 'UpdateExpression', ...EXPRESSION_MEMBERS]),
      );
      return;
    case 'Delete':
      await backend.call('DeleteItem', pick(action.spec, ['TableName', 'Key', ...EXPRESSION_MEMBERS]));
      return;
    case 'ConditionCheck':
      return;
  }
}

async function restoreItem(
  backend: DynaliteBackend,
  action: WriteAction,
  snapshot: AttributeMap | undefined,
): Promise<void> {
  if (snapshot) await backend.call('PutItem', { TableName: action.tableName, Item: snapshot });
  else await backend.call('DeleteItem', { TableName: action.tableName, Key: action.key });
}

function pick(record: Record<string, unknown>, members: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    members.filter((member) => record[member] !== undefined).map((member) => [member, record[member]]),
  );
}
