import type { CatalogEntry } from '@shop/events';

/** What the lock records of one published event version: its contract, to compare changes with. */
export interface LockedSchema {
  readonly name: string;
  readonly version: number;
  /** The schema without its documentation keywords (see {@link contractOf}). */
  readonly contract: unknown;
}

const DOCUMENTATION_KEYWORDS = new Set(['description', 'title', 'examples', '$comment']);

/** The part of a schema a consumer depends on: everything but the documentation. */
export function contractOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(contractOf);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !DOCUMENTATION_KEYWORDS.has(key))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, contractOf(value)]),
  );
}

export function lockEntry(entry: CatalogEntry): LockedSchema {
  return { name: entry.name, version: entry.version, contract: contractOf(entry.schema) };
}

/**
 * Where `next` breaks a consumer built on `published` (empty when it is compatible). The one
 * compatible change is a **new optional property** (in a `properties` object, and not
 * required): consumers are tolerant readers and ignore what they do not know. Everything else
 * (removing or renaming a property, changing a type, a format, a bound or an enum, making a
 * property required or no longer required) is a breaking change.
 */
export function breakingChanges(published: unknown, next: unknown, path = ''): string[] {
  if (Array.isArray(published) || Array.isArray(next)) {
    return JSON.stringify(published) === JSON.stringify(next) ? [] : [`${path || '/'}: changed`];
  }
  if (published === null || typeof published !== 'object' || next === null || typeof next !== 'object') {
    return published === next ? [] : [`${path || '/'}: changed`];
  }
  const before = published as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(before)) {
    if (!(key in after)) problems.push(`${path}/${key}: removed`);
    else problems.push(...breakingChanges(before[key], after[key], `${path}/${key}`));
  }
  const isPropertyList = path.endsWith('/properties');
  for (const key of Object.keys(after)) {
    if (!(key in before) && !isPropertyList) problems.push(`${path}/${key}: added`);
  }
  return problems;
}

/** The published versions changed in a way that breaks a consumer: each needs a new version instead. */
export function changedContracts(locked: readonly LockedSchema[], catalog: readonly CatalogEntry[]): string[] {
  const problems: string[] = [];
  for (const published of locked) {
    const current = catalog.find((entry) => entry.name === published.name && entry.version === published.version);
    if (!current) {
      problems.push(
        `${published.name} v${published.version} is published but no longer in the catalog: retire it only once no consumer reads it, then re-lock`,
      );
      continue;
    }
    const breaking = breakingChanges(published.contract, contractOf(current.schema));
    if (breaking.length > 0) {
      problems.push(
        `${published.name} v${published.version} changed its contract in a way consumers would trip over (${breaking.join('; ')}): publish the change as v${published.version + 1} and keep v${published.version} until its consumers move`,
      );
    }
  }
  return problems;
}
