import { createHash } from 'node:crypto';
import type { CatalogEntry } from '@shop/events';

/** What the lock records of one published event version. */
export interface LockedSchema {
  readonly name: string;
  readonly version: number;
  /** SHA-256 of the schema with its documentation keywords removed. */
  readonly contract: string;
}

const DOCUMENTATION_KEYWORDS = new Set(['description', 'title', 'examples', '$comment']);

/**
 * The part of a schema a consumer depends on: everything but the documentation. Consumers
 * validate with `additionalProperties: false`, so even an added optional field breaks a consumer
 * built from the previous schema: any change here needs a new version.
 */
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
  const contract = createHash('sha256')
    .update(JSON.stringify(contractOf(entry.schema)))
    .digest('hex');
  return { name: entry.name, version: entry.version, contract };
}

/** The published versions whose contract changed: each needs a new version instead. */
export function changedContracts(locked: readonly LockedSchema[], catalog: readonly CatalogEntry[]): string[] {
  const problems: string[] = [];
  for (const published of locked) {
    const current = catalog.find((entry) => entry.name === published.name && entry.version === published.version);
    if (!current) {
      problems.push(
        `${published.name} v${published.version} is published but no longer in the catalog: retire it only once no consumer reads it, then re-lock`,
      );
    } else if (lockEntry(current).contract !== published.contract) {
      problems.push(
        `${published.name} v${published.version} changed its contract: publish the change as v${published.version + 1} and keep v${published.version} until its consumers move`,
      );
    }
  }
  return problems;
}
