import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import { WriteBehind } from '../storage/write-behind.ts';

export interface LogGroupRecord {
  readonly name: string;
  readonly createdAt: number;
  readonly retentionInDays: number | undefined;
}

export interface LogStreamRecord {
  readonly group: string;
  readonly name: string;
  readonly createdAt: number;
  readonly firstEventAt: number | undefined;
  readonly lastEventAt: number | undefined;
  readonly lastIngestionAt: number | undefined;
  readonly storedBytes: number;
}

export interface LogEventRecord {
  /** Ingestion order across the whole store: tokens and event ids are built from it. */
  readonly seq: number;
  readonly group: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly ingestedAt: number;
  readonly message: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_groups (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  retention_days INTEGER
);
CREATE TABLE IF NOT EXISTS log_streams (
  log_group TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  first_event INTEGER,
  last_event INTEGER,
  last_ingestion INTEGER,
  stored_bytes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (log_group, name)
);
CREATE TABLE IF NOT EXISTS log_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  log_group TEXT NOT NULL,
  stream TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_events_by_group_time ON log_events (log_group, timestamp, seq);
CREATE INDEX IF NOT EXISTS log_events_by_stream_time ON log_events (log_group, stream, timestamp, seq);
`;

/** Lines of one stream waiting to be committed. */
interface PendingLines {
  readonly group: string;
  readonly stream: string;
  readonly events: Array<{ timestamp: number; message: string }>;
  readonly ingestedAt: number;
}

/** CloudWatch Logs' groups, streams and events, in `logs.db` under the data folder. */
export class LogsStore {
  readonly #db: DatabaseSync;
  /** Lines waiting to be committed, by group and stream, in order (see `append`). */
  readonly #writes = new WriteBehind<PendingLines>((batches) => this.#commit(batches), {
    maxPending: 500,
    afterMs: 20,
  });

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'logs.db'), { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
  }

  getGroup(name: string): LogGroupRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM log_groups WHERE name = ?').get(name);
    return row ? toGroup(row) : undefined;
  }

  /** Groups known to exist, so a line appended to one costs no write (every line names its group). */
  readonly #knownGroups = new Set<string>();

  /** Creates the group unless it exists; answers whether it was created. */
  createGroup(name: string, createdAt: number, retentionInDays?: number): boolean {
    if (this.#knownGroups.has(name)) return false;
    const result = this.#db
      .prepare('INSERT OR IGNORE INTO log_groups (name, created_at, retention_days) VALUES (?, ?, ?)')
      .run(name, createdAt, retentionInDays ?? null);
    this.#knownGroups.add(name);
    return Number(result.changes) > 0;
  }

  setRetention(name: string, retentionInDays: number | undefined): void {
    this.#db.prepare('UPDATE log_groups SET retention_days = ? WHERE name = ?').run(retentionInDays ?? null, name);
  }

  deleteGroup(name: string): void {
    this.#knownGroups.delete(name);
    this.flush();
    this.#db.prepare('DELETE FROM log_events WHERE log_group = ?').run(name);
    this.#db.prepare('DELETE FROM log_streams WHERE log_group = ?').run(name);
    this.#db.prepare('DELETE FROM log_groups WHERE name = ?').run(name);
  }

  listGroups(prefix = ''): LogGroupRecord[] {
    return this.#db
      .prepare('SELECT * FROM log_groups WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name')
      .all(prefix)
      .map(toGroup);
  }

  storedBytes(group: string): number {
    this.flush();
    const row = this.#db
      .prepare('SELECT COALESCE(SUM(stored_bytes), 0) AS bytes FROM log_streams WHERE log_group = ?')
      .get(group);
    return Number(row?.bytes ?? 0);
  }

  getStream(group: string, name: string): LogStreamRecord | undefined {
    this.flush();
    const row = this.#db.prepare('SELECT * FROM log_streams WHERE log_group = ? AND name = ?').get(group, name);
    return row ? toStream(row) : undefined;
  }

  createStream(group: string, name: string, createdAt: number): boolean {
    this.flush();
    const result = this.#db
      .prepare('INSERT OR IGNORE INTO log_streams (log_group, name, created_at) VALUES (?, ?, ?)')
      .run(group, name, createdAt);
    return Number(result.changes) > 0;
  }

  listStreams(group: string): LogStreamRecord[] {
    this.flush();
    return this.#db.prepare('SELECT * FROM log_streams WHERE log_group = ? ORDER BY name').all(group).map(toStream);
  }

  /**
   * Appends events to one stream (created if missing). Lines are gathered and committed together
   * a few milliseconds later, many in one transaction (functions write many lines); every read
   * commits what is pending first, so readers always see them.
   */
  append(
    group: string,
    stream: string,
    events: ReadonlyArray<{ timestamp: number; message: string }>,
    ingestedAt: number,
  ): void {
    if (events.length === 0 || !this.#db.isOpen) return;
    this.#writes.add({ group, stream, events: [...events], ingestedAt }, events.length, (last) => {
      if (last.group !== group || last.stream !== stream) return false;
      last.events.push(...events);
      return true;
    });
  }

  /** Commits the lines gathered so far. */
  flush(): void {
    this.#writes.flush();
  }

  #commit(batches: readonly PendingLines[]): void {
    if (!this.#db.isOpen) return;
    const insert = this.#db.prepare(
      'INSERT INTO log_events (log_group, stream, timestamp, ingested_at, message) VALUES (?, ?, ?, ?, ?)',
    );
    const touch = this.#db.prepare(
      `UPDATE log_streams SET
         first_event = MIN(COALESCE(first_event, ?1), ?1),
         last_event = MAX(COALESCE(last_event, ?2), ?2),
         last_ingestion = ?3,
         stored_bytes = stored_bytes + ?4
       WHERE log_group = ?5 AND name = ?6`,
    );
    this.#db.exec('BEGIN');
    try {
      for (const { group, stream, events, ingestedAt } of batches) {
        this.#db
          .prepare('INSERT OR IGNORE INTO log_streams (log_group, name, created_at) VALUES (?, ?, ?)')
          .run(group, stream, ingestedAt);
        let bytes = 0;
        for (const event of events) {
          insert.run(group, stream, event.timestamp, ingestedAt, event.message);
          bytes += Buffer.byteLength(event.message) + 26;
        }
        const first = Math.min(...events.map((event) => event.timestamp));
        const last = Math.max(...events.map((event) => event.timestamp));
        touch.run(first, last, ingestedAt, bytes, group, stream);
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Events of a group (optionally some streams), oldest first by timestamp then ingestion, within
   * [start, end), after the position `after` (a `(timestamp, seq)` pair), at most `limit`.
   */
  events(query: {
    group: string;
    streams?: readonly string[];
    start?: number;
    end?: number;
    after?: { timestamp: number; seq: number };
    before?: { timestamp: number; seq: number };
    descending?: boolean;
    limit: number;
  }): LogEventRecord[] {
    this.flush();
    const where = ['log_group = ?'];
    const values: Array<string | number> = [query.group];
    if (query.streams) {
      where.push(`stream IN (${query.streams.map(() => '?').join(', ') || "''"})`);
      values.push(...query.streams);
    }
    if (query.start !== undefined) {
      where.push('timestamp >= ?');
      values.push(query.start);
    }
    if (query.end !== undefined) {
      where.push('timestamp < ?');
      values.push(query.end);
    }
    if (query.after) {
      where.push('(timestamp > ? OR (timestamp = ? AND seq > ?))');
      values.push(query.after.timestamp, query.after.timestamp, query.after.seq);
    }
    if (query.before) {
      where.push('(timestamp < ? OR (timestamp = ? AND seq < ?))');
      values.push(query.before.timestamp, query.before.timestamp, query.before.seq);
    }
    const order = query.descending ? 'DESC' : 'ASC';
    return this.#db
      .prepare(
        `SELECT * FROM log_events WHERE ${where.join(' AND ')} ORDER BY timestamp ${order}, seq ${order} LIMIT ?`,
      )
      .all(...values, query.limit)
      .map(toEvent);
  }

  /** Removes events older than each group's retention (CloudWatch Logs expires them). */
  expire(now: number): void {
    for (const group of this.listGroups()) {
      if (group.retentionInDays === undefined) continue;
      this.#db
        .prepare('DELETE FROM log_events WHERE log_group = ? AND timestamp < ?')
        .run(group.name, now - group.retentionInDays * 86_400_000);
    }
  }

  close(): void {
    this.flush();
    this.#db.close();
  }
}

function toGroup(row: Record<string, SQLOutputValue>): LogGroupRecord {
  return {
    name: String(row.name),
    createdAt: Number(row.created_at),
    retentionInDays: row.retention_days === null ? undefined : Number(row.retention_days),
  };
}

function toStream(row: Record<string, SQLOutputValue>): LogStreamRecord {
  const optional = (value: SQLOutputValue | undefined) =>
    value === null || value === undefined ? undefined : Number(value);
  return {
    group: String(row.log_group),
    name: String(row.name),
    createdAt: Number(row.created_at),
    firstEventAt: optional(row.first_event),
    lastEventAt: optional(row.last_event),
    lastIngestionAt: optional(row.last_ingestion),
    storedBytes: Number(row.stored_bytes ?? 0),
  };
}

function toEvent(row: Record<string, SQLOutputValue>): LogEventRecord {
  return {
    seq: Number(row.seq),
    group: String(row.log_group),
    stream: String(row.stream),
    timestamp: Number(row.timestamp),
    ingestedAt: Number(row.ingested_at),
    message: String(row.message),
  };
}
