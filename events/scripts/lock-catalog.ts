import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eventCatalog } from '@shop/events';
import { type LockedSchema, lockEntry } from './schema-lock.ts';

/**
 * `npm run catalog:lock`: records the contract of every cataloged version in
 * `events/catalog.lock.json`. Run it when you publish a NEW version; the contract test fails
 * when a version already in the lock changes.
 */
const file = resolve(import.meta.dirname, '..', 'catalog.lock.json');
const previous: LockedSchema[] = JSON.parse(readFileSync(file, 'utf8').toString() || '[]');
const next = eventCatalog.map(lockEntry);
for (const entry of previous) {
  const kept = next.find((candidate) => candidate.name === entry.name && candidate.version === entry.version);
  if (kept && kept.contract !== entry.contract) {
    console.error(`${entry.name} v${entry.version} is published and its contract changed: add a new version instead.`);
    process.exit(1);
  }
}
writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
console.log(`Locked ${next.length} event versions in ${file}`);
