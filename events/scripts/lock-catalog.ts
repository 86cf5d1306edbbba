import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eventCatalog } from '@shop/events';
import { changedContracts, type LockedSchema, lockEntry } from './schema-lock.ts';

/**
 * `npm run catalog:lock`: records the contract of every cataloged version in
 * `events/catalog.lock.json`. Run it when you publish a new version, or add an optional field to
 * a published one (the one compatible change); it refuses any other change to a published
 * version, as the contract test does.
 */
const file = resolve(import.meta.dirname, '..', 'catalog.lock.json');
const previous: LockedSchema[] = JSON.parse(readFileSync(file, 'utf8').toString() || '[]');
const problems = changedContracts(previous, eventCatalog);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
const next = eventCatalog.map(lockEntry);
writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
console.log(`Locked ${next.length} event versions in ${file}`);
