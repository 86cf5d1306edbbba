import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import { WriteBehind } from '../storage/write-behind.ts';
import { addToBucket, type Bucket, emptyBucket } from './statistics.ts';

export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

/** A metric's identity: namespace, name and its exact set of dimensions (sorted by name). */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly Dimension[];
}

/** One datapoint as CloudWatch keeps it: a statistic set, with the raw values when it had them. */
export interface Sample {
  readonly timestamp: number;
  readonly sampleCount: number;
  readonly sum: number;
  readonly minimum: number;
  readonly maximum: number;
  readonly unit: string | undefined;
  readonly values: ReadonlyArray<[number, number]> | undefined;
}

export interface StoredAlarm {
  readonly name: string;
  /** The alarm's configuration as PutMetricAlarm took it (normalised). */
  readonly definition: Readonly<Record<string, unknown>>;
  readonly state: AlarmStateValue;
  readonly reason: string;
  readonly reasonData: string | undefined;
  readonly stateUpdatedAt: number;
  readonly stateTransitionedAt: number;
  readonly configurationUpdatedAt: number;
  readonly actionsEnabled: boolean;
}

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface HistoryItem {
  readonly alarmName: string;
  readonly timestamp: number;
  readonly type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  readonly summary: string;
  readonly data: string;
}

export interface StoredDashboard {
  readonly name: string;
  readonly body: string;
  readonly lastModified: number;
}

/** Datapoints wait at most this long, or until this many are gathered, before they are committed. */
const FLUSH_AFTER_MS = 20;
const MAX_PENDING = 500;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics (
  id INTEGER PRIMARY KEY,
  namespace TEXT NOT NULL,
  metric_name TEXT NOT NULL,
  dimensions TEXT NOT NULL,
  last_put INTEGER NOT NULL,
  UNIQUE (namespace, metric_name, dimensions)
);
CREATE TABLE IF NOT EXISTS datapoints (
  metric_id INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  sample_count REAL NOT NULL,
  sum REAL NOT NULL,
  minimum REAL NOT NULL,
  maximum REAL NOT NULL,
  unit TEXT,
  value_counts TEXT
);
CREATE INDEX IF NOT EXISTS datapoints_by_metric_time ON datapoints (metric_id, timestamp);
CREATE TABLE IF NOT EXISTS alarms (
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL,
  reason_data TEXT,
  state_updated_at INTEGER NOT NULL,
  state_transitioned_at INTEGER NOT NULL,
  configuration_updated_at INTEGER NOT NULL,
  actions_enabled INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alarm_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  alarm_name TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  type TEXT NOT NULL,
  summary TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarm_history_by_time ON alarm_history (timestamp);
CREATE TABLE IF NOT EXISTS dashboards (
  name TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  last_modified INTEGER NOT NULL
);
`;

/** How long the local cloud keeps datapoints and alarm history (AWS: 15 months and 30 days). */
const RETENTION_MS = 15 * 24 * 3600 * 1000;

/**
 * CloudWatch's state in SQLite (`<dataDir>/cloudwatch.db`): metrics and their datapoints, alarms
 * with their state and history, dashboards. Kept across restarts, like the rest of the local cloud.
 */
export class CloudWatchStore {
  readonly #db: DatabaseSync;
  readonly #metricIds = new Map<string, number>();
  readonly #writes = new WriteBehind<{ metric: MetricIdentity; samples: readonly Sample[] }>(
    (pending) => this.#commit(pending),
    { maxPending: MAX_PENDING, afterMs: FLUSH_AFTER_MS },
  );
  #insertSample: ReturnType<DatabaseSync['prepare']> | undefined;
  #touchMetric: ReturnType<DatabaseSync['prepare']> | undefined;

  constructor(dataDir: string, now = Date.now()) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'cloudwatch.db'), { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
    this.#db.prepare('DELETE FROM datapoints WHERE timestamp < ?').run(now - RETENTION_MS);
    this.#db.prepare('DELETE FROM alarm_history WHERE timestamp < ?').run(now - RETENTION_MS);
  }

  /**
   * Records datapoints of one metric (one PutMetricData entry, or a service's own metric). Writes
   * are gathered and committed together a few milliseconds later (one transaction for many
   * datapoints); every read commits what is pending first, so readers always see them.
   */
  putSamples(metric: MetricIdentity, samples: readonly Sample[]): void {
    if (!this.#db.isOpen) return;
    if (samples.length === 0) return;
    this.#writes.add({ metric, samples });
  }

  /** Commits the datapoints gathered so far. */
  flush(): void {
    this.#writes.flush();
  }

  #commit(pending: ReadonlyArray<{ metric: MetricIdentity; samples: readonly Sample[] }>): void {
    if (!this.#db.isOpen) return;
    this.#insertSample ??= this.#db.prepare(
      `INSERT INTO datapoints (metric_id, timestamp, sample_count, sum, minimum, maximum, unit, value_counts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insert = this.#insertSample;
    this.#transaction(() => {
      for (const { metric, samples } of pending) {
        const id = this.#metricId(metric, Math.max(...samples.map((sample) => sample.timestamp)));
        for (const sample of samples) {
          insert.run(
            id,
            sample.timestamp,
            sample.sampleCount,
            sample.sum,
            sample.minimum,
            sample.maximum,
            sample.unit ?? null,
            sample.values ? JSON.stringify(sample.values) : null,
          );
        }
      }
    });
  }

  /**
   * The metric's datapoints from `start` (inclusive) to `end` (exclusive), aggregated into
   * periods that start at multiples of `periodMs` since the epoch; only periods with data.
   */
  aggregate(
    metric: MetricIdentity,
    range: { start: number; end: number; periodMs: number; unit?: string | undefined },
  ): Map<number, Bucket & { unit: string | undefined }> {
    this.flush();
    const id = this.#existingMetricId(metric);
    const buckets = new Map<number, Bucket & { unit: string | undefined }>();
    if (id === undefined) return buckets;
    const rows = this.#db
      .prepare('SELECT * FROM datapoints WHERE metric_id = ? AND timestamp >= ? AND timestamp < ? ORDER BY timestamp')
      .all(id, range.start, range.end);
    for (const row of rows) {
      const unit = row.unit === null ? undefined : String(row.unit);
      if (range.unit !== undefined && (unit ?? 'None') !== range.unit) continue;
      const timestamp = toNumber(row.timestamp);
      const periodStart = Math.floor(timestamp / range.periodMs) * range.periodMs;
      let bucket = buckets.get(periodStart);
      if (!bucket) {
        bucket = { ...emptyBucket(), unit };
        buckets.set(periodStart, bucket);
      }
      addToBucket(bucket, {
        sampleCount: toNumber(row.sample_count),
        sum: toNumber(row.sum),
        minimum: toNumber(row.minimum),
        maximum: toNumber(row.maximum),
        values:
          row.value_counts === null ? undefined : (JSON.parse(String(row.value_counts)) as Array<[number, number]>),
      });
    }
    return buckets;
  }

  /** Every metric with data since `since`, by namespace and name. */
  listMetrics(since: number): MetricIdentity[] {
    this.flush();
    return this.#db
      .prepare('SELECT * FROM metrics WHERE last_put >= ? ORDER BY namespace, metric_name, dimensions')
      .all(since)
      .map((row) => ({
        namespace: String(row.namespace),
        metricName: String(row.metric_name),
        dimensions: JSON.parse(String(row.dimensions)) as Dimension[],
      }));
  }

  getAlarm(name: string): StoredAlarm | undefined {
    const row = this.#db.prepare('SELECT * FROM alarms WHERE name = ?').get(name);
    return row ? toAlarm(row) : undefined;
  }

  listAlarms(): StoredAlarm[] {
    return this.#db.prepare('SELECT * FROM alarms ORDER BY name').all().map(toAlarm);
  }

  saveAlarm(alarm: StoredAlarm): void {
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO alarms (name, definition, state, reason, reason_data, state_updated_at,
           state_transitioned_at, configuration_updated_at, actions_enabled)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        alarm.name,
        JSON.stringify(alarm.definition),
        alarm.state,
        alarm.reason,
        alarm.reasonData ?? null,
        alarm.stateUpdatedAt,
        alarm.stateTransitionedAt,
        alarm.configurationUpdatedAt,
        alarm.actionsEnabled ? 1 : 0,
      );
  }

  deleteAlarm(name: string): void {
    this.#db.prepare('DELETE FROM alarms WHERE name = ?').run(name);
  }

  addHistory(item: HistoryItem): void {
    this.#db
      .prepare('INSERT INTO alarm_history (alarm_name, timestamp, type, summary, data) VALUES (?, ?, ?, ?, ?)')
      .run(item.alarmName, item.timestamp, item.type, item.summary, item.data);
  }

  /** History items, newest first unless asked otherwise. */
  history(filter: {
    alarmName?: string;
    type?: string;
    start?: number;
    end?: number;
    ascending?: boolean;
  }): HistoryItem[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM alarm_history
         WHERE (?1 IS NULL OR alarm_name = ?1) AND (?2 IS NULL OR type = ?2)
           AND timestamp >= ?3 AND timestamp <= ?4
         ORDER BY timestamp ${filter.ascending ? 'ASC' : 'DESC'}, seq ${filter.ascending ? 'ASC' : 'DESC'}`,
      )
      .all(filter.alarmName ?? null, filter.type ?? null, filter.start ?? 0, filter.end ?? Number.MAX_SAFE_INTEGER);
    return rows.map((row) => ({
      alarmName: String(row.alarm_name),
      timestamp: toNumber(row.timestamp),
      type: String(row.type) as HistoryItem['type'],
      summary: String(row.summary),
      data: String(row.data),
    }));
  }

  getDashboard(name: string): StoredDashboard | undefined {
    const row = this.#db.prepare('SELECT * FROM dashboards WHERE name = ?').get(name);
    return row
      ? { name: String(row.name), body: String(row.body), lastModified: toNumber(row.last_modified) }
      : undefined;
  }

  listDashboards(): StoredDashboard[] {
    return this.#db
      .prepare('SELECT * FROM dashboards ORDER BY name')
      .all()
      .map((row) => ({ name: String(row.name), body: String(row.body), lastModified: toNumber(row.last_modified) }));
  }

  saveDashboard(dashboard: StoredDashboard): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO dashboards (name, body, last_modified) VALUES (?, ?, ?)')
      .run(dashboard.name, dashboard.body, dashboard.lastModified);
  }

  deleteDashboard(name: string): void {
    this.#db.prepare('DELETE FROM dashboards WHERE name = ?').run(name);
  }

  close(): void {
    this.flush();
    if (this.#db.isOpen) this.#db.close();
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #metricId(metric: MetricIdentity, putAt: number): number {
    const key = metricKey(metric);
    const known = this.#metricIds.get(key);
    if (known !== undefined) {
      this.#touchMetric ??= this.#db.prepare('UPDATE metrics SET last_put = MAX(last_put, ?) WHERE id = ?');
      this.#touchMetric.run(putAt, known);
      return known;
    }
    const row = this.#db
      .prepare(
        `INSERT INTO metrics (namespace, metric_name, dimensions, last_put) VALUES (?, ?, ?, ?)
         ON CONFLICT (namespace, metric_name, dimensions) DO UPDATE SET last_put = MAX(last_put, excluded.last_put)
         RETURNING id`,
      )
      .get(metric.namespace, metric.metricName, JSON.stringify(metric.dimensions), putAt);
    const id = toNumber(row?.id);
    this.#metricIds.set(key, id);
    return id;
  }

  #existingMetricId(metric: MetricIdentity): number | undefined {
    const key = metricKey(metric);
    const known = this.#metricIds.get(key);
    if (known !== undefined) return known;
    const row = this.#db
      .prepare('SELECT id FROM metrics WHERE namespace = ? AND metric_name = ? AND dimensions = ?')
      .get(metric.namespace, metric.metricName, JSON.stringify(metric.dimensions));
    if (!row) return undefined;
    const id = toNumber(row.id);
    this.#metricIds.set(key, id);
    return id;
  }
}

/** Dimensions in CloudWatch's identity order: by name. */
export function canonicalDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions]
    .map(({ Name, Value }) => ({ Name, Value }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

function metricKey(metric: MetricIdentity): string {
  return JSON.stringify([metric.namespace, metric.metricName, metric.dimensions]);
}

function toAlarm(row: Record<string, SQLOutputValue>): StoredAlarm {
  return {
    name: String(row.name),
    definition: JSON.parse(String(row.definition)) as Record<string, unknown>,
    state: String(row.state) as AlarmStateValue,
    reason: String(row.reason),
    reasonData: row.reason_data === null ? undefined : String(row.reason_data),
    stateUpdatedAt: toNumber(row.state_updated_at),
    stateTransitionedAt: toNumber(row.state_transitioned_at),
    configurationUpdatedAt: toNumber(row.configuration_updated_at),
    actionsEnabled: toNumber(row.actions_enabled) === 1,
  };
}

function toNumber(value: SQLOutputValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`Expected a number column, got ${typeof value}`);
}
