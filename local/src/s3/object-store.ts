/**
 * The local S3's objects, kept in SQLite (`${dataDir}/s3.db`, WAL): a PutObject is committed
 * before it answers, so a restart (even `kill -9`) keeps every object S3 acknowledged.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** What S3 keeps of an object besides its bytes. */
export interface ObjectHead {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** The MD5 of the body in hex (a single-part upload's ETag, without its quotes). */
  readonly etag: string;
  readonly contentType: string;
  /** When it was stored, ISO 8601 with milliseconds. */
  readonly lastModified: string;
  /** `x-amz-meta-*` headers, names lower-cased without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Content-Disposition, Cache-Control, Content-Language, Content-Encoding, Expires, as stored. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface StoredObject extends ObjectHead {
  readonly body: Buffer;
}

export interface ListPage {
  readonly objects: readonly ObjectHead[];
  readonly commonPrefixes: readonly string[];
  /** The last key or common prefix returned, when more remain. */
  readonly next: string | undefined;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS objects (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    head TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID;
`;

export class ObjectStore {
  readonly #db: DatabaseSync;
  #closed = false;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 's3.db'));
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
  }

  put(object: StoredObject): void {
    const { body, ...head } = object;
    this.#db
      .prepare('INSERT OR REPLACE INTO objects (bucket, key, head, body) VALUES (?, ?, ?, ?)')
      .run(object.bucket, object.key, JSON.stringify(head), body);
  }

  get(bucket: string, key: string): StoredObject | undefined {
    const row = this.#db.prepare('SELECT head, body FROM objects WHERE bucket = ? AND key = ?').get(bucket, key) as
      | { head: string; body: Uint8Array }
      | undefined;
    return row ? { ...(JSON.parse(row.head) as ObjectHead), body: Buffer.from(row.body) } : undefined;
  }

  head(bucket: string, key: string): ObjectHead | undefined {
    const row = this.#db.prepare('SELECT head FROM objects WHERE bucket = ? AND key = ?').get(bucket, key) as
      | { head: string }
      | undefined;
    return row ? (JSON.parse(row.head) as ObjectHead) : undefined;
  }

  /** Deletes the object if it exists; true when it did. */
  delete(bucket: string, key: string): boolean {
    return Number(this.#db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ?').run(bucket, key).changes) > 0;
  }

  /**
   * Keys in UTF-8 binary order (S3's order), from after `after`, under `prefix`; with a
   * `delimiter`, keys that contain it after the prefix are rolled up into common prefixes,
   * each counting once towards `maxKeys`.
   */
  list(bucket: string, options: { prefix: string; delimiter?: string; after?: string; maxKeys: number }): ListPage {
    const { prefix, delimiter, maxKeys } = options;
    const objects: ObjectHead[] = [];
    const commonPrefixes: string[] = [];
    let after = options.after ?? '';
    // TEXT compares as UTF-8 bytes (SQLite's BINARY collation): S3's order.
    const select = this.#db.prepare(
      'SELECT key, head FROM objects WHERE bucket = ? AND key > ? AND key >= ? ORDER BY key LIMIT 200',
    );
    for (;;) {
      const rows = select.all(bucket, after, prefix) as Array<{ key: string; head: string }>;
      if (rows.length === 0) return { objects, commonPrefixes, next: undefined };
      for (const row of rows) {
        if (!row.key.startsWith(prefix)) return { objects, commonPrefixes, next: undefined };
        if (objects.length + commonPrefixes.length === maxKeys) return { objects, commonPrefixes, next: after };
        const rest = row.key.slice(prefix.length);
        const cut = delimiter ? rest.indexOf(delimiter) : -1;
        if (delimiter && cut >= 0) {
          const common = prefix + rest.slice(0, cut + delimiter.length);
          commonPrefixes.push(common);
          // Skip every other key under this common prefix: the next key sorts after prefix + U+FFFF.
          after = `${common}\u{10FFFF}`;
          break;
        }
        objects.push(JSON.parse(row.head) as ObjectHead);
        after = row.key;
      }
    }
  }

  /** Every object's head in a bucket (the lifecycle sweep's input). */
  *heads(bucket: string): Generator<ObjectHead> {
    for (const row of this.#db.prepare('SELECT head FROM objects WHERE bucket = ?').iterate(bucket)) {
      yield JSON.parse((row as { head: string }).head) as ObjectHead;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
