import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { ArchiveSpec } from '@shop/topology/topology';
import type { EventBridgeEvent } from './event-bus.ts';
import { type CompiledEventPattern, compileEventPattern, matchesEventPattern } from './patterns/index.ts';

/**
 * EventBridge archives: every event on the source bus that matches the archive's pattern (all
 * of them when it has none) is kept, on disk, for its retention period, so a time window can be
 * replayed later.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
 */
export class EventArchive {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #archives: ReadonlyArray<{ spec: ArchiveSpec; pattern: CompiledEventPattern | undefined }>;

  constructor(dataDir: string, archives: readonly ArchiveSpec[]) {
    mkdirSync(join(dataDir, 'eventbridge'), { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'eventbridge', 'archives.db'));
    // WAL with synchronous NORMAL: a commit survives the process being killed (only a power
    // loss can take the last ones), and an event costs no fsync of its own.
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS archived_events (
        archive TEXT NOT NULL, event_id TEXT NOT NULL, time TEXT NOT NULL, event TEXT NOT NULL,
        PRIMARY KEY (archive, event_id));`);
    this.#insert = this.#db.prepare(
      'INSERT OR IGNORE INTO archived_events (archive, event_id, time, event) VALUES (?, ?, ?, ?)',
    );
    this.#archives = archives.map((spec) => ({
      spec,
      pattern: spec.eventPattern === undefined ? undefined : compileEventPattern(spec.eventPattern),
    }));
  }

  record(busArn: string, event: EventBridgeEvent): void {
    // An event after the stop (a timer that fired as the cloud stopped) is not archived.
    if (!this.#db.isOpen) return;
    const insert = this.#insert;
    for (const { spec, pattern } of this.#archives) {
      if (spec.sourceArn !== busArn) continue;
      if (pattern && !matchesEventPattern(pattern, event)) continue;
      insert.run(spec.name, event.id, event.time, JSON.stringify(event));
    }
  }

  /** The archived events of one archive between two instants, oldest first. */
  events(archiveName: string, from: Date, to: Date): EventBridgeEvent[] {
    const rows = this.#db
      .prepare('SELECT event FROM archived_events WHERE archive = ? AND time >= ? AND time <= ? ORDER BY time')
      .all(archiveName, from.toISOString().replace(/\.\d{3}Z$/, 'Z'), to.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    return rows.map((row) => JSON.parse(String(row.event)) as EventBridgeEvent);
  }

  count(archiveName: string): number {
    const row = this.#db.prepare('SELECT COUNT(*) AS n FROM archived_events WHERE archive = ?').get(archiveName);
    return Number(row?.n ?? 0);
  }

  close(): void {
    this.#db.close();
  }
}
