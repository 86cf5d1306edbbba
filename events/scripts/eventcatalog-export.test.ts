import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import eventCatalogUtils from '@eventcatalog/sdk';
import { loadTopology } from '@shop/topology/load-topology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogReportEntry, catalogReport } from './catalog-report.ts';
import { exportEventCatalog, serviceOfStack } from './eventcatalog-export.ts';

const rootDir = resolve(import.meta.dirname, '..', '..');
let directory: string;
let report: CatalogReportEntry[];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'eventcatalog-'));
  report = catalogReport(loadTopology({ rootDir, stage: 'local', edgeUrl: 'http://127.0.0.1:4566' }));
  await exportEventCatalog(report, { directory, rootDir, stage: 'local' });
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('the EventCatalog export', () => {
  it('writes every event version with its schema, read back by the EventCatalog SDK', async () => {
    const catalog = eventCatalogUtils(directory);
    const events = await catalog.getEvents({ attachSchema: true });
    expect(events.map((event) => `${event.id}@${event.version}`).sort()).toEqual(
      report.map((entry) => `${entry.name}@${entry.version}.0.0`).sort(),
    );
    const placed = await catalog.getEvent('OrderPlaced', '1.0.0', { attachSchema: true });
    expect(placed.owners).toEqual(['orders']);
    const schema = typeof placed.schema === 'string' ? JSON.parse(placed.schema) : placed.schema;
    expect(schema).toMatchObject({ title: 'OrderPlaced v1' });
    expect(placed.markdown).toContain('"detail-type": "OrderPlaced"');
  });

  it('marks a retired version deprecated, and the version that replaced it not', async () => {
    const catalog = eventCatalogUtils(directory);

    const v1 = await catalog.getEvent('InventoryReserved', '1.0.0');
    const v2 = await catalog.getEvent('InventoryReserved', '2.0.0');

    expect(v1.deprecated).toMatchObject({ message: expect.stringMatching(/^Retired/) });
    expect(v2.deprecated).toBeUndefined();
  });

  it('gives each service what it sends and what its rules receive, derived from the stacks', async () => {
    const catalog = eventCatalogUtils(directory);
    const inventory = await catalog.getService('inventory');
    expect(inventory.sends?.map((pointer) => pointer.id)).toEqual(
      expect.arrayContaining(['InventoryReserved', 'InventoryReservationFailed', 'InventoryReleased']),
    );
    expect(inventory.receives?.map((pointer) => pointer.id)).toEqual(
      expect.arrayContaining(['OrderPlaced', 'OrderCancelled']),
    );
    for (const entry of report) {
      for (const consumer of entry.consumers) {
        const service = await catalog.getService(serviceOfStack(consumer.stack, 'local'));
        expect(
          service.receives?.map((pointer) => pointer.id),
          `${consumer.stack} receives ${entry.name}`,
        ).toContain(entry.name);
      }
    }
    const domain = await catalog.getDomain('shop');
    // One service per producer and per consuming stack, whatever stacks there are.
    const expected = new Set([
      ...report.map((entry) => entry.owner),
      ...report.flatMap((entry) => entry.consumers.map((consumer) => serviceOfStack(consumer.stack, 'local'))),
    ]);
    expect(domain.services?.map((pointer) => pointer.id).sort()).toEqual([...expected].sort());
    expect(expected.has('loyalty')).toBe(true);
  });
});
