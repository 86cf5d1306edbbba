/**
 * `npm run catalog:types`: regenerates `events/src/generated/` from the catalog's JSON Schemas.
 * Run it after adding or changing an event, an interface or an example, and commit the result.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateCatalogSources } from './catalog-codegen.ts';

const eventsRoot = join(import.meta.dirname, '..');
const generatedDir = join(eventsRoot, 'src', 'generated');

const files = await generateCatalogSources(eventsRoot);
await mkdir(generatedDir, { recursive: true });
for (const existing of await readdir(generatedDir)) {
  if (!files.has(existing)) await rm(join(generatedDir, existing));
}
for (const [name, content] of files) {
  await writeFile(join(generatedDir, name), content);
}
console.log(`events/src/generated: wrote ${[...files.keys()].join(', ')}`);
