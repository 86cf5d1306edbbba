import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** An execution as stored; dates are epoch milliseconds. `input`/`output` are JSON text. */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly status: ExecutionStatus;
  readonly input: string;
  readonly output: string | undefined;
  readonly error: string | undefined;
  readonly cause: string | undefined;
  readonly startDate: number;
  readonly stopDate: number | undefined;
  readonly traceHeader: string | undefined;
}

export interface ExecutionOutcome {
  readonly status: Exclude<ExecutionStatus, 'RUNNING'>;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly stopDate: number;
}

/**
 * One event of an execution's history in GetExecutionHistory's shape, with `timestamp` in epoch
 * milliseconds (the API layer turns it into the protocol's epoch seconds).
 */
export interface StoredHistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state_machines (
  arn TEXT PRIMARY KEY,
  creation_date INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  start_date INTEGER NOT NULL,
  stop_date INTEGER,
  trace_header TEXT
);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (state_machine_arn, start_date, seq);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions (status);
CREATE TABLE IF NOT EXISTS history (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)
);
`;

/**
 * Step Functions state in SQLite (`${dataDir}/stepfunctions.db`, WAL): executions and their
 * histories, committed before the API answers, so a restart (even `kill -9`) keeps every
 * started execution.
 */
export class ExecutionStore {
  readonly #db: DatabaseSync;
  readonly #onStatus: ((record: ExecutionRecord) => void) | undefined;
  readonly #onHistoryEvent: ((executionArn: string, event: StoredHistoryEvent) => void) | undefined;

  /**
   * `onStatus` hears of each execution started (RUNNING) and closed, once it is stored;
   * `onHistoryEvent` of each event of its history (states entered and left, tasks).
   */
  constructor(
    dataDir: string,
    onStatus?: (record: ExecutionRecord) => void,
    onHistoryEvent?: (executionArn: string, event: StoredHistoryEvent) => void,
  ) {
    this.#onStatus = onStatus;
    this.#onHistoryEvent = onHistoryEvent;
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'stepfunctions.db'), { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
  }

  /** The creation date of a state machine: the first time this data directory saw it. */
  registerStateMachine(arn: string, now: number): number {
    this.#db.prepare('INSERT OR IGNORE INTO state_machines (arn, creation_date) VALUES (?, ?)').run(arn, now);
    const row = this.#db.prepare('SELECT creation_date FROM state_machines WHERE arn = ?').get(arn);
    return Number(row?.creation_date ?? now);
  }

  insert(record: ExecutionRecord): void {
    this.#db
      .prepare(
        `INSERT INTO executions (arn, state_machine_arn, name, type, status, input, start_date, trace_header)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.executionArn,
        record.stateMachineArn,
        record.name,
        record.type,
        record.status,
        record.input,
        record.startDate,
        record.traceHeader ?? null,
      );
    this.#onStatus?.(record);
  }

  get(executionArn: string): ExecutionRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM executions WHERE arn = ?').get(executionArn);
    return row ? toRecord(row) : undefined;
  }

  /** Closes a RUNNING execution; false when it was already closed (the first outcome stands). */
  finish(executionArn: string, outcome: ExecutionOutcome): boolean {
    const result = this.#db
      .prepare(
        `UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?
         WHERE arn = ? AND status = 'RUNNING'`,
      )
      .run(
        outcome.status,
        outcome.output ?? null,
        outcome.error ?? null,
        outcome.cause ?? null,
        outcome.stopDate,
        executionArn,
      );
    const closed = Number(result.changes) > 0;
    const record = closed && this.#onStatus ? this.get(executionArn) : undefined;
    if (record) this.#onStatus?.(record);
    return closed;
  }

  /** Newest first, as ListExecutions orders them. */
  list(options: {
    stateMachineArn?: string;
    status?: ExecutionStatus;
    offset: number;
    limit: number;
  }): ExecutionRecord[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM executions
         WHERE (?1 IS NULL OR state_machine_arn = ?1) AND (?2 IS NULL OR status = ?2)
         ORDER BY start_date DESC, seq DESC LIMIT ?3 OFFSET ?4`,
      )
      .all(options.stateMachineArn ?? null, options.status ?? null, options.limit, options.offset);
    return rows.map(toRecord);
  }

  listRunning(): ExecutionRecord[] {
    return this.#db.prepare(`SELECT * FROM executions WHERE status = 'RUNNING' ORDER BY seq`).all().map(toRecord);
  }

  appendEvent(executionArn: string, event: StoredHistoryEvent): void {
    this.#db
      .prepare('INSERT INTO history (execution_arn, id, event) VALUES (?, ?, ?)')
      .run(executionArn, event.id, JSON.stringify(event));
    this.#onHistoryEvent?.(executionArn, event);
  }

  history(executionArn: string, options: { reverse: boolean; offset: number; limit: number }): StoredHistoryEvent[] {
    const order = options.reverse ? 'DESC' : 'ASC';
    return this.#db
      .prepare(`SELECT event FROM history WHERE execution_arn = ? ORDER BY id ${order} LIMIT ? OFFSET ?`)
      .all(executionArn, options.limit, options.offset)
      .map((row) => JSON.parse(String(row.event)) as StoredHistoryEvent);
  }

  lastEventId(executionArn: string): number {
    const row = this.#db.prepare('SELECT MAX(id) AS id FROM history WHERE execution_arn = ?').get(executionArn);
    return Number(row?.id ?? 0);
  }

  clearHistory(executionArn: string): void {
    this.#db.prepare('DELETE FROM history WHERE execution_arn = ?').run(executionArn);
  }

  close(): void {
    this.#db.close();
  }
}

function toRecord(row: Record<string, SQLOutputValue>): ExecutionRecord {
  const optional = (value: SQLOutputValue | undefined): string | undefined =>
    value === null || value === undefined ? undefined : String(value);
  return {
    executionArn: String(row.arn),
    stateMachineArn: String(row.state_machine_arn),
    name: String(row.name),
    type: row.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    status: String(row.status) as ExecutionStatus,
    input: String(row.input),
    output: optional(row.output),
    error: optional(row.error),
    cause: optional(row.cause),
    startDate: Number(row.start_date),
    stopDate: row.stop_date === null || row.stop_date === undefined ? undefined : Number(row.stop_date),
    traceHeader: optional(row.trace_header),
  };
}
