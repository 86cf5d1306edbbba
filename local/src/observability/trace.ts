import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import { WriteBehind } from '../storage/write-behind.ts';

/** What kind of hop: the column of the timeline a person reads it in. */
export type HopKind = 'api' | 'log' | 'event' | 'queue' | 'invocation' | 'pipe' | 'saga' | 'mail' | 'storage';

/** One hop of a flow: something that happened to an order somewhere, when. */
export interface Hop {
  readonly seq: number;
  /** ISO 8601, when it happened here. */
  readonly at: string;
  /** The service (stack) it happened in: `orders`, `payments`, ..., `platform`. */
  readonly lane: string;
  readonly kind: HopKind;
  /** What it was: `POST /orders`, `OrderPlaced`, `capturePayment`, `AllocateStock`, ... */
  readonly name: string;
  /** One line for a person. */
  readonly summary: string;
  /** The envelope, the log line, the message: what a click shows. */
  readonly detail?: unknown;
}

export type NewHop = Omit<Hop, 'seq' | 'at'> & { readonly at?: string; readonly keys: readonly string[] };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hops (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  lane TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  summary TEXT NOT NULL,
  detail TEXT
);
CREATE TABLE IF NOT EXISTS hop_keys (
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (key, seq)
) WITHOUT ROWID;
`;

/** Correlation ids, also inside JSON that travels as a string (an SQS body, a log line). */
const CORRELATION_ID = /\\*"correlationId\\*"\s*:\s*\\*"([A-Za-z0-9._:@/-]{1,128})\\*"/g;
/** The shop's order ids. */
const ORDER_ID = /\bord_[0-9A-HJKMNP-TV-Z]{26}\b/g;

/**
 * The ids a payload belongs to: every correlation id and order id in it, wherever they sit. A
 * batch of messages belongs to every order in it.
 */
export function traceKeysOf(payload: unknown): string[] {
  const text = typeof payload === 'string' ? payload : safeJson(payload);
  const keys = new Set<string>();
  for (const match of text.matchAll(CORRELATION_ID)) if (match[1]) keys.add(match[1]);
  for (const match of text.matchAll(ORDER_ID)) keys.add(match[0]);
  return [...keys];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/**
 * One timeline per order, across every service: each hop is stored with the ids it belongs to
 * (its correlation ids and order ids) in `trace.db`, so a restart keeps it. The local cloud's
 * services report their hops here (the API, the bus and its rules, the queues, the functions,
 * the pipe, the saga, the mailbox); `/__local/trace/<id>` and the console read it.
 */
export class Trace {
  readonly #db: DatabaseSync;
  readonly #insert;
  readonly #insertKey;
  readonly #listeners = new Set<(hop: Hop, keys: readonly string[]) => void>();
  readonly #maxHops: number;
  #sincePrune = 0;
  /** The next hop's number: hops are numbered here, so that they can be told of before they are committed. */
  #nextSeq: number;
  readonly #writes = new WriteBehind<{ hop: Hop; keys: readonly string[]; detail: string | null }>(
    (pending) => this.#commit(pending),
    { maxPending: 500, afterMs: 20 },
  );

  constructor(dataDir: string, maxHops = 500_000) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'trace.db'), { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
    this.#insert = this.#db.prepare(
      'INSERT INTO hops (seq, at, lane, kind, name, summary, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#nextSeq = Number(this.#db.prepare('SELECT COALESCE(MAX(seq), 0) AS last FROM hops').get()?.last ?? 0) + 1;
    this.#insertKey = this.#db.prepare('INSERT OR IGNORE INTO hop_keys (key, seq) VALUES (?, ?)');
    this.#maxHops = maxHops;
  }

  /**
   * Records a hop under its ids; one without any id is not part of a flow and is dropped.
   * Subscribers hear of it at once; hops are committed together a few milliseconds later (many in
   * one transaction), and every read commits what is pending first.
   */
  record(hop: NewHop): void {
    if (hop.keys.length === 0 || !this.#db.isOpen) return;
    const at = hop.at ?? new Date().toISOString();
    const stored: Hop = {
      seq: this.#nextSeq++,
      at,
      lane: hop.lane,
      kind: hop.kind,
      name: hop.name,
      summary: hop.summary.slice(0, 500),
      detail: hop.detail,
    };
    this.#writes.add({ hop: stored, keys: hop.keys, detail: hop.detail === undefined ? null : safeJson(hop.detail) });
    for (const listener of this.#listeners) listener(stored, hop.keys);
  }

  /** Commits the hops recorded so far. */
  flush(): void {
    this.#writes.flush();
  }

  #commit(pending: ReadonlyArray<{ hop: Hop; keys: readonly string[]; detail: string | null }>): void {
    if (!this.#db.isOpen) return;
    this.#db.exec('BEGIN');
    try {
      for (const { hop, keys, detail } of pending) {
        this.#insert.run(hop.seq, hop.at, hop.lane, hop.kind, hop.name, hop.summary, detail);
        for (const key of keys) this.#insertKey.run(key, hop.seq);
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    this.#sincePrune += pending.length;
    if (this.#sincePrune >= 10_000) this.#prune();
  }

  /**
   * Every hop of one flow, in the order they happened here. The flow is named by a correlation
   * id or an order id: each event names both (one event is about one order), so either finds the
   * hops that carry only the other (a mail names the order, a client's request its correlation id).
   */
  hops(key: string, limit = 5_000): Hop[] {
    this.flush();
    return this.#db
      .prepare(
        `WITH flow(key) AS (
           SELECT ?1
           UNION
           SELECT other.key FROM hop_keys AS given
             JOIN hops AS event ON event.seq = given.seq AND event.kind = 'event'
             JOIN hop_keys AS other ON other.seq = given.seq
           WHERE given.key = ?1
         )
         SELECT DISTINCT hops.* FROM hop_keys JOIN hops ON hops.seq = hop_keys.seq
         WHERE hop_keys.key IN (SELECT key FROM flow) ORDER BY hops.seq LIMIT ?2`,
      )
      .all(key, limit)
      .map(toHop);
  }

  /** The ids with the latest activity, newest first (the console's list of orders). */
  recentKeys(prefix: string, limit = 100): Array<{ key: string; lastSeq: number }> {
    this.flush();
    return this.#db
      .prepare(
        `SELECT key, MAX(seq) AS last FROM hop_keys WHERE substr(key, 1, length(?1)) = ?1
         GROUP BY key ORDER BY last DESC LIMIT ?2`,
      )
      .all(prefix, limit)
      .map((row) => ({ key: String(row.key), lastSeq: Number(row.last) }));
  }

  subscribe(listener: (hop: Hop, keys: readonly string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.flush();
    this.#listeners.clear();
    this.#db.close();
  }

  #prune(): void {
    this.#sincePrune = 0;
    // Runs after a commit: nothing is pending.
    const row = this.#db.prepare('SELECT MAX(seq) AS last FROM hops').get();
    const cutoff = Number(row?.last ?? 0) - this.#maxHops;
    if (cutoff <= 0) return;
    this.#db.prepare('DELETE FROM hop_keys WHERE seq <= ?').run(cutoff);
    this.#db.prepare('DELETE FROM hops WHERE seq <= ?').run(cutoff);
  }
}

function toHop(row: Record<string, SQLOutputValue>): Hop {
  const detail = row.detail === null || row.detail === undefined ? undefined : parseDetail(String(row.detail));
  return {
    seq: Number(row.seq),
    at: String(row.at),
    lane: String(row.lane),
    kind: String(row.kind) as HopKind,
    name: String(row.name),
    summary: String(row.summary),
    ...(detail === undefined ? {} : { detail }),
  };
}

function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
