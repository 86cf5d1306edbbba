/**
 * The capacity units a DynamoDB request consumes, as DynamoDB bills them in on-demand mode and
 * reports them in `ConsumedReadCapacityUnits` / `ConsumedWriteCapacityUnits`: a write is one
 * unit per KB of the item (rounded up), a strongly consistent read one unit per 4 KB read, an
 * eventually consistent read half of that, a transactional read or write twice as much; a
 * conditional write that fails still consumes a write.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 *
 * The meter sees the request and the answer, not the stored item, so it estimates where
 * DynamoDB would weigh the stored item: an update counts the larger of what it writes and what
 * it returns, a delete what it returns (at least one unit each). Reads and puts are exact.
 */
export interface ConsumedCapacity {
  readonly tableName: string;
  readonly readUnits: number;
  readonly writeUnits: number;
}

type Json = Record<string, unknown>;
type Item = Record<string, unknown>;

const KB = 1024;

export function consumedCapacity(operation: string, request: Json, status: number, answer: Json): ConsumedCapacity[] {
  const failed = status !== 200;
  const conditionFailed =
    failed &&
    /ConditionalCheckFailedException|TransactionCanceledException/.test(String(answer.__type ?? answer.code ?? ''));
  if (failed && !conditionFailed) return [];
  const table = String(request.TableName ?? '');
  const consistent = request.ConsistentRead === true;
  switch (operation) {
    case 'PutItem':
      return [write(table, units(itemSize(request.Item as Item), KB))];
    case 'UpdateItem':
    case 'DeleteItem': {
      const written = itemSize({ ...(request.Key as Item), ...(request.ExpressionAttributeValues as Item) });
      const returned = itemSize(answer.Attributes as Item);
      return [write(table, units(Math.max(written, returned), KB))];
    }
    case 'GetItem':
      return [read(table, readUnits(itemSize(answer.Item as Item), consistent))];
    case 'Query':
    case 'Scan': {
      const items = (answer.Items as Item[] | undefined) ?? [];
      return [read(table, readUnits(sum(items.map(itemSize)), consistent))];
    }
    case 'BatchGetItem':
      return Object.entries((answer.Responses as Record<string, Item[]> | undefined) ?? {}).flatMap(
        ([tableName, items]) => items.map((item) => read(tableName, readUnits(itemSize(item), false))),
      );
    case 'BatchWriteItem':
      return Object.entries((request.RequestItems as Record<string, Json[]> | undefined) ?? {}).flatMap(
        ([tableName, writes]) =>
          writes.map((entry) =>
            write(
              tableName,
              units(itemSize(((entry.PutRequest as Json)?.Item ?? (entry.DeleteRequest as Json)?.Key) as Item), KB),
            ),
          ),
      );
    case 'TransactWriteItems':
      return ((request.TransactItems as Json[] | undefined) ?? []).map((entry) => {
        const [kind, action] = Object.entries(entry)[0] ?? ['', {}];
        const body = action as Json;
        const item =
          kind === 'Put' ? (body.Item as Item) : { ...(body.Key as Item), ...(body.ExpressionAttributeValues as Item) };
        return write(String(body.TableName ?? ''), 2 * units(itemSize(item), KB));
      });
    case 'TransactGetItems': {
      const responses = (answer.Responses as Array<{ Item?: Item }> | undefined) ?? [];
      return ((request.TransactItems as Json[] | undefined) ?? []).map((entry, index) =>
        read(
          String((entry.Get as Json | undefined)?.TableName ?? ''),
          2 * units(itemSize(responses[index]?.Item), 4 * KB),
        ),
      );
    }
    default:
      return [];
  }
}

function read(tableName: string, readUnits: number): ConsumedCapacity {
  return { tableName, readUnits, writeUnits: 0 };
}

function write(tableName: string, writeUnits: number): ConsumedCapacity {
  return { tableName, readUnits: 0, writeUnits };
}

function readUnits(bytes: number, consistent: boolean): number {
  return units(bytes, 4 * KB) * (consistent ? 1 : 0.5);
}

/** Whole units of `size` bytes, at least one. */
function units(bytes: number, size: number): number {
  return Math.max(1, Math.ceil(bytes / size));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * An item's size as DynamoDB counts it: the UTF-8 length of each attribute name plus the size
 * of its value. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemSize(item: Item | undefined): number {
  if (!item || typeof item !== 'object') return 0;
  return sum(Object.entries(item).map(([name, value]) => Buffer.byteLength(name) + valueSize(value)));
}

function valueSize(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  const [type, content] = Object.entries(value as Record<string, unknown>)[0] ?? ['', undefined];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(content));
    case 'N':
      // About one byte per two significant digits, plus one.
      return Math.ceil(String(content).replace(/^[-0.]+|[.e].*$/g, '').length / 2) + 1;
    case 'B':
      return Buffer.byteLength(String(content), 'base64');
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
    case 'NS':
    case 'BS':
      return sum((content as unknown[]).map((member) => valueSize({ [type.slice(0, 1)]: member })));
    case 'L':
      return 3 + sum((content as unknown[]).map((member) => 1 + valueSize(member)));
    case 'M':
      return (
        3 +
        sum(Object.entries(content as Item).map(([name, member]) => 1 + Buffer.byteLength(name) + valueSize(member)))
      );
    default:
      return 0;
  }
}
