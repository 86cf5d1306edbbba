import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface LogEntry {
  readonly at: string;
  /** `lambda:<function name>` or `logs:<log group>` (the audit rule's target). */
  readonly origin: string;
  readonly line: string;
  /** The correlation id found in the line (Powertools' JSON key or the event envelope). */
  readonly correlationId: string | undefined;
}

/**
 * Everything the functions log and every event the audit rule records, kept as CloudWatch Logs
 * would keep it: appended to files under the data folder (one per origin) and indexed in memory
 * by correlation id, so one id finds every line of one order across all services.
 */
export class LogStore {
  readonly #directory: string;
  readonly #recent: LogEntry[] = [];
  readonly #capacity: number;
  readonly #listeners = new Set<(entry: LogEntry) => void>();

  constructor(dataDir: string, capacity = 50_000) {
    this.#directory = join(dataDir, 'logs');
    mkdirSync(this.#directory, { recursive: true });
    this.#capacity = capacity;
  }

  append(origin: string, line: string): LogEntry {
    const entry: LogEntry = { at: new Date().toISOString(), origin, line, correlationId: correlationIdOf(line) };
    this.#recent.push(entry);
    if (this.#recent.length > this.#capacity) this.#recent.splice(0, this.#recent.length - this.#capacity);
    appendFileSync(join(this.#directory, `${origin.replace(/[^\w.-]+/g, '_')}.log`), `${entry.at} ${line}\n`);
    for (const listener of this.#listeners) listener(entry);
    return entry;
  }

  /** Every entry of one correlation id, oldest first. */
  trace(correlationId: string): LogEntry[] {
    return this.#recent.filter((entry) => entry.correlationId === correlationId || entry.line.includes(correlationId));
  }

  recent(limit = 200, origin?: string): LogEntry[] {
    const entries = origin ? this.#recent.filter((entry) => entry.origin === origin) : this.#recent;
    return entries.slice(-limit);
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function correlationIdOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const detail = parsed.detail as { metadata?: { correlationId?: unknown } } | undefined;
    const id = parsed.correlationId ?? parsed.correlation_id ?? detail?.metadata?.correlationId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
