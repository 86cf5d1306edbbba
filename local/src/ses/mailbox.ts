/**
 * The local mailbox: every message the local SES accepted, kept in SQLite
 * (`${dataDir}/ses.db`, WAL) and committed before SendEmail answers, so a restart (even
 * `kill -9`) keeps what was sent. Nothing is delivered anywhere: this is what the customer
 * would have received, for the console and for tests to read.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { OutgoingMail } from './outgoing-mail.ts';

/** One accepted message, as the mailbox shows it: the mail as sent, and what SES gave it. */
export type MailMessage = OutgoingMail & {
  /** The `MessageId` SendEmail answered. */
  readonly messageId: string;
  /** When SES accepted it, ISO 8601. */
  readonly sentAt: string;
  /** Which API sent it: SES API v2 (`sesv2`) or the classic API (`ses`). */
  readonly api: 'sesv2' | 'ses';
};

export interface MailboxQuery {
  /** Only messages this address received (as To, Cc or Bcc), case-insensitive. */
  readonly to?: string;
  /** At most this many, newest first (default 100). */
  readonly limit?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS recipients (
    seq INTEGER NOT NULL REFERENCES messages(seq),
    address TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS recipients_by_address ON recipients(address, seq);
`;

export class Mailbox {
  readonly #db: DatabaseSync;
  #closed = false;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, 'ses.db'), { timeout: 5_000 });
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
  }

  store(message: MailMessage): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const { lastInsertRowid } = this.#db
        .prepare('INSERT INTO messages (message_id, document) VALUES (?, ?)')
        .run(message.messageId, JSON.stringify(message));
      const insert = this.#db.prepare('INSERT INTO recipients (seq, address) VALUES (?, ?)');
      const addresses = new Set([...message.to, ...message.cc, ...message.bcc].map(mailboxAddress));
      for (const address of addresses) insert.run(lastInsertRowid, address);
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Messages newest first, optionally only those one address received. */
  list(query: MailboxQuery = {}): MailMessage[] {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
    const rows =
      query.to === undefined
        ? this.#db.prepare('SELECT document FROM messages ORDER BY seq DESC LIMIT ?').all(limit)
        : this.#db
            .prepare(
              `SELECT m.document FROM messages m JOIN recipients r ON r.seq = m.seq
               WHERE r.address = ? ORDER BY m.seq DESC LIMIT ?`,
            )
            .all(mailboxAddress(query.to), limit);
    return rows.map((row) => JSON.parse(String(row.document)) as MailMessage);
  }

  get(messageId: string): MailMessage | undefined {
    const row = this.#db.prepare('SELECT document FROM messages WHERE message_id = ?').get(messageId);
    return row ? (JSON.parse(String(row.document)) as MailMessage) : undefined;
  }

  /** Closes the database; a second call does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/** `Ada Lovelace <Ada@Example.com>` → `ada@example.com`: the address a mailbox is found by. */
export function mailboxAddress(address: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(address);
  return (angle?.[1] ?? address).trim().toLowerCase();
}
