import type { DynaliteBackend } from './dynalite-backend.ts';
import { describeTableIfExists, waitUntilSettled } from './table-status.ts';
import type { TimeToLive } from './time-to-live.ts';

/** One `AWS::DynamoDB::Table` resource of a stack, intrinsic functions already resolved. */
export interface TableTemplate {
  readonly logicalId: string;
  readonly stack: string;
  readonly properties: Record<string, unknown>;
}

/** What became of one template: the physical table it names and whether it was new. */
export interface ProvisionedTable {
  readonly stack: string;
  readonly logicalId: string;
  readonly tableName: string;
  readonly tableArn: string;
  readonly created: boolean;
}

/** Properties the emulator turns into table state (CreateTable, TagResource, TTL). */
export const APPLIED_TABLE_PROPERTIES: ReadonlySet<string> = new Set([
  'TableName',
  'AttributeDefinitions',
  'KeySchema',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'TimeToLiveSpecification',
  'Tags',
]);

/**
 * Properties accepted with no local effect: they change durability, encryption at rest or
 * protection against deletion in AWS, none of which a laptop run can observe. Handlers
 * behave the same with or without them, so refusing them would only force a second
 * template.
 */
export const ACCEPTED_WITHOUT_LOCAL_EFFECT: ReadonlySet<string> = new Set([
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'DeletionProtectionEnabled',
]);

/** Why a property is refused, for the properties people are likely to write. */
const REFUSAL_REASONS: Readonly<Record<string, string>> = {
  StreamSpecification: 'DynamoDB Streams are not emulated',
  KinesisStreamSpecification: 'Kinesis Data Streams for DynamoDB are not emulated',
  ImportSourceSpecification: 'imports from S3 are not emulated',
  ContributorInsightsSpecification: 'CloudWatch Contributor Insights is not emulated',
  TableClass: 'table classes are not emulated',
  ResourcePolicy: 'resource policies are not enforced',
  OnDemandThroughput: 'throughput limits are not emulated',
  WarmThroughput: 'throughput limits are not emulated',
};

const INDEX_PROPERTIES: Readonly<Record<'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes', ReadonlySet<string>>> = {
  GlobalSecondaryIndexes: new Set(['IndexName', 'KeySchema', 'Projection', 'ProvisionedThroughput']),
  LocalSecondaryIndexes: new Set(['IndexName', 'KeySchema', 'Projection']),
};

interface TablePlan {
  readonly template: TableTemplate;
  readonly tableName: string;
  readonly createTable: Record<string, unknown>;
  readonly timeToLiveAttribute: string | undefined;
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
}

/**
 * Creates the tables CloudFormation would create from `AWS::DynamoDB::Table` resources.
 *
 * Every template is checked before any table is created, so an unsupported property
 * stops start-up without leaving half the tables behind. A table that already exists
 * (tables persist across restarts) is kept with its data when its key schema and index
 * names match the template; otherwise start-up fails, because silently running against a
 * table of another shape would hide the change. A template without `TableName` gets the
 * stable name `<stack>-<logicalId>` (CloudFormation adds a random suffix, which would
 * orphan the data at every restart).
 */
export async function provisionTables(
  templates: ReadonlyArray<TableTemplate>,
  dependencies: { backend: DynaliteBackend; timeToLive: TimeToLive },
): Promise<ProvisionedTable[]> {
  const plans = templates.map(planTable);
  const provisioned: ProvisionedTable[] = [];
  for (const plan of plans) {
    provisioned.push(await provisionTable(plan, dependencies));
  }
  return provisioned;
}

async function provisionTable(
  plan: TablePlan,
  { backend, timeToLive }: { backend: DynaliteBackend; timeToLive: TimeToLive },
): Promise<ProvisionedTable> {
  const { template, tableName } = plan;
  let existing = await describeTableIfExists(backend, tableName);
  const created = existing === undefined;
  if (existing === undefined) {
    try {
      await backend.call('CreateTable', plan.createTable);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${describe(template)}: CreateTable ${tableName} was refused: ${reason}`);
    }
    existing = (await waitUntilSettled(backend, tableName, 'ACTIVE')) as Record<string, unknown>;
  } else {
    const difference = shapeDifference(plan.createTable, existing);
    if (difference) {
      throw new Error(
        `${describe(template)}: table ${tableName} already exists in the local data with a different ${difference}; ` +
          'delete the local data (start with --reset) to recreate it',
      );
    }
  }
  const tableArn = String(existing.TableArn);
  if (plan.tags.length > 0) await backend.call('TagResource', { ResourceArn: tableArn, Tags: plan.tags });
  await timeToLive.declare(tableName, plan.timeToLiveAttribute);
  return { stack: template.stack, logicalId: template.logicalId, tableName, tableArn, created };
}

function planTable(template: TableTemplate): TablePlan {
  const properties = template.properties;
  for (const name of Object.keys(properties)) {
    if (APPLIED_TABLE_PROPERTIES.has(name) || ACCEPTED_WITHOUT_LOCAL_EFFECT.has(name)) continue;
    throw unsupported(template, name);
  }
  const tableName =
    properties.TableName === undefined
      ? `${template.stack}-${template.logicalId}`
      : requireString(template, 'TableName', properties.TableName);
  const billingMode =
    properties.BillingMode === undefined
      ? 'PROVISIONED'
      : requireString(template, 'BillingMode', properties.BillingMode);
  if (billingMode !== 'PROVISIONED' && billingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`${describe(template)}: property BillingMode must be PROVISIONED or PAY_PER_REQUEST`);
  }
  const createTable: Record<string, unknown> = {
    TableName: tableName,
    AttributeDefinitions: requireList(template, 'AttributeDefinitions', properties.AttributeDefinitions),
    KeySchema: requireList(template, 'KeySchema', properties.KeySchema),
    BillingMode: billingMode,
  };
  if (properties.ProvisionedThroughput !== undefined) {
    createTable.ProvisionedThroughput = throughputOf(
      template,
      'ProvisionedThroughput',
      properties.ProvisionedThroughput,
    );
  }
  for (const indexKind of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'] as const) {
    if (properties[indexKind] === undefined) continue;
    createTable[indexKind] = requireList(template, indexKind, properties[indexKind]).map((index, position) =>
      indexOf(template, indexKind, position, index),
    );
  }
  return {
    template,
    tableName,
    createTable,
    timeToLiveAttribute: timeToLiveAttributeOf(template, properties.TimeToLiveSpecification),
    tags: tagsOf(template, properties.Tags),
  };
}

function indexOf(
  template: TableTemplate,
  indexKind: 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes',
  position: number,
  index: unknown,
): Record<string, unknown> {
  const path = `${indexKind}[${position}]`;
  const record = requireMap(template, path, index);
  for (const name of Object.keys(record)) {
    if (!INDEX_PROPERTIES[indexKind].has(name)) throw unsupported(template, `${path}.${name}`, name);
  }
  const result: Record<string, unknown> = { ...record };
  if (record.ProvisionedThroughput !== undefined) {
    result.ProvisionedThroughput = throughputOf(
      template,
      `${path}.ProvisionedThroughput`,
      record.ProvisionedThroughput,
    );
  }
  return result;
}

/** CloudFormation accepts numbers written as strings (YAML often produces them). */
function throughputOf(template: TableTemplate, path: string, value: unknown): Record<string, number> {
  const record = requireMap(template, path, value);
  const result: Record<string, number> = {};
  for (const name of ['ReadCapacityUnits', 'WriteCapacityUnits']) {
    const number = Number(record[name]);
    if (!Number.isInteger(number) || number < 1) {
      throw new Error(`${describe(template)}: property ${path}.${name} must be a positive integer`);
    }
    result[name] = number;
  }
  return result;
}

function timeToLiveAttributeOf(template: TableTemplate, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const record = requireMap(template, 'TimeToLiveSpecification', value);
  const enabled = record.Enabled === true || record.Enabled === 'true';
  if (!enabled) return undefined;
  return requireString(template, 'TimeToLiveSpecification.AttributeName', record.AttributeName);
}

function tagsOf(template: TableTemplate, value: unknown): Array<{ Key: string; Value: string }> {
  if (value === undefined) return [];
  return requireList(template, 'Tags', value).map((tag, position) => {
    const record = requireMap(template, `Tags[${position}]`, tag);
    return {
      Key: requireString(template, `Tags[${position}].Key`, record.Key),
      Value: String(record.Value ?? ''),
    };
  });
}

/** Names what differs between the declared table and the stored one, if anything. */
function shapeDifference(declared: Record<string, unknown>, existing: Record<string, unknown>): string | undefined {
  if (keySignature(declared) !== keySignature(existing)) return 'key schema';
  for (const indexKind of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes']) {
    if (indexSignature(declared[indexKind]) !== indexSignature(existing[indexKind])) {
      return `set of ${indexKind}`;
    }
  }
  return undefined;
}

function keySignature(table: Record<string, unknown>): string {
  const types = new Map(
    (table.AttributeDefinitions as Array<Record<string, unknown>> | undefined)?.map((definition) => [
      definition.AttributeName,
      definition.AttributeType,
    ]) ?? [],
  );
  const keys = (table.KeySchema as Array<Record<string, unknown>> | undefined) ?? [];
  return JSON.stringify(keys.map((key) => [key.AttributeName, key.KeyType, types.get(key.AttributeName)]));
}

function indexSignature(indexes: unknown): string {
  if (!Array.isArray(indexes)) return '[]';
  return JSON.stringify(
    (indexes as Array<Record<string, unknown>>)
      .map((index) => {
        const keys = Array.isArray(index.KeySchema) ? (index.KeySchema as Array<Record<string, unknown>>) : [];
        return JSON.stringify([index.IndexName, keys.map((key) => [key.AttributeName, key.KeyType])]);
      })
      .sort(),
  );
}

function describe(template: TableTemplate): string {
  return `Stack ${template.stack}: AWS::DynamoDB::Table ${template.logicalId}`;
}

function unsupported(template: TableTemplate, path: string, name = path): Error {
  const reason = REFUSAL_REASONS[name] ?? 'the local DynamoDB does not emulate it';
  return new Error(`${describe(template)}: property ${path} is not supported by the local cloud (${reason})`);
}

function requireString(template: TableTemplate, path: string, value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new Error(
    `${describe(template)}: property ${path} must be a string (resolve intrinsic functions before creating tables)`,
  );
}

function requireList(template: TableTemplate, path: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw new Error(`${describe(template)}: property ${path} must be a list`);
}

function requireMap(template: TableTemplate, path: string, value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new Error(`${describe(template)}: property ${path} must be a map`);
}
