import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventModuleName,
  eventTypeName,
  generateCatalogSources,
  readEventFolders,
  toKebabCase,
} from './catalog-codegen.ts';

const eventsRoot = join(import.meta.dirname, '..');
const generatedDir = join(eventsRoot, 'src', 'generated');

describe('events/src/generated', () => {
  it('is up to date with the catalog (run `npm run catalog:types` when this fails)', async () => {
    const expected = await generateCatalogSources(eventsRoot);
    const committed = (await readdir(generatedDir)).sort();
    expect(committed).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) {
      expect(await readFile(join(generatedDir, file), 'utf8'), `${file} is stale`).toBe(content);
    }
  });
});

describe('generateCatalogSources', () => {
  it('names each event version type after the event and its version', async () => {
    const files = await generateCatalogSources(eventsRoot);
    const orderPlaced = files.get(`${eventModuleName('OrderPlaced', 1)}.ts`);
    expect(orderPlaced).toContain('export interface OrderPlacedV1 {');
    expect(orderPlaced).toContain('export interface OrderPlacedV1Data {');
    expect(orderPlaced).toContain('export interface OrderPlacedV1Metadata {');
    expect(orderPlaced).toContain('version: 1;');
  });

  it('maps every event name to its latest version in EventMap', async () => {
    const catalog = (await generateCatalogSources(eventsRoot)).get('catalog.ts') ?? '';
    expect(catalog).toContain(`OrderPlaced: ${eventTypeName('OrderPlaced', 1)};`);
  });
});

describe('readEventFolders', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function makeEventFolder(event: object, examples: Record<string, object>): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'catalog-'));
    const dir = join(root, 'OrderPlaced', 'v1');
    await mkdir(join(dir, 'examples'), { recursive: true });
    await writeFile(join(dir, 'event.json'), JSON.stringify(event));
    await writeFile(join(dir, 'schema.json'), JSON.stringify({ type: 'object' }));
    for (const [file, example] of Object.entries(examples))
      await writeFile(join(dir, 'examples', file), JSON.stringify(example));
    return root;
  }

  it('rejects an event.json that disagrees with its folder', async () => {
    const catalogRoot = await makeEventFolder({ name: 'OrderShipped', version: 1 }, { 'a.json': {} });
    await expect(readEventFolders(catalogRoot)).rejects.toThrow(/folder says OrderPlaced v1/);
  });

  it('rejects an event version without examples', async () => {
    const catalogRoot = await makeEventFolder({ name: 'OrderPlaced', version: 1 }, {});
    await expect(readEventFolders(catalogRoot)).rejects.toThrow(/holds no example/);
  });
});

describe('toKebabCase', () => {
  it('turns event names into file names', () => {
    expect(toKebabCase('InventoryReservationFailed')).toBe('inventory-reservation-failed');
    expect(toKebabCase('orders-read')).toBe('orders-read');
  });
});
