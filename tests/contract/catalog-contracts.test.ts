import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalog, isEventName } from '@shop/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogReport } from '../../events/scripts/catalog-report.ts';
import { changedContracts, type LockedSchema, lockEntry } from '../../events/scripts/schema-lock.ts';
import { loadTopology } from '../../local/src/loader/load-topology.ts';
import type { Topology } from '../../local/src/loader/topology.ts';
import { ROOT_DIR } from '../support/local-cloud.ts';

let topology: Topology;
beforeAll(() => {
  topology = loadTopology({ rootDir: ROOT_DIR, edgeUrl: 'http://127.0.0.1:4566' });
});

/** Rules on the shop's own events (not schedules, not AWS service events such as alarm state changes). */
const eventRules = () =>
  topology.rules.filter((rule) => {
    const sources = (rule.eventPattern as { source?: unknown } | undefined)?.source;
    return (
      rule.eventPattern !== undefined &&
      !(Array.isArray(sources) && sources.every((s) => typeof s === 'string' && s.startsWith('aws.')))
    );
  });

describe('the event catalog against the deployed rules', () => {
  it('every rule pattern matches at least one cataloged example', () => {
    const consumingRules = new Set(
      catalogReport(topology).flatMap((entry) => entry.consumers.map((consumer) => consumer.rule)),
    );

    for (const rule of eventRules()) {
      expect(consumingRules.has(rule.name), `${rule.stackName}: rule ${rule.name} matches no catalog example`).toBe(
        true,
      );
    }
  });

  it('no rule listens for an event type that is not cataloged', () => {
    for (const rule of eventRules()) {
      const detailTypes = (rule.eventPattern as { 'detail-type'?: unknown })['detail-type'];
      for (const detailType of Array.isArray(detailTypes) ? detailTypes : []) {
        expect(
          typeof detailType === 'string' && isEventName(detailType),
          `${rule.name} listens for ${String(detailType)}`,
        ).toBe(true);
      }
    }
  });

  it('derives each event’s consumers from the rules, so the inventory consumes OrderPlaced', () => {
    const orderPlaced = catalogReport(topology).find((entry) => entry.name === 'OrderPlaced');

    expect(orderPlaced?.consumers.map((consumer) => consumer.stack)).toEqual(
      expect.arrayContaining(['shop-inventory-local', 'shop-platform-local']),
    );
  });

  it('every example of every version validates against its own schema', async () => {
    const { validateEvent } = await import('@shop/shared');
    for (const entry of eventCatalog) {
      for (const example of entry.examples) {
        expect(
          () => validateEvent(entry.name, entry.version, example.detail),
          `${entry.name} v${entry.version}`,
        ).not.toThrow();
      }
    }
  });

  it('no published event version changed its contract (a breaking change needs a new version)', () => {
    const locked = JSON.parse(readFileSync(join(ROOT_DIR, 'events', 'catalog.lock.json'), 'utf8')) as LockedSchema[];

    expect(changedContracts(locked, eventCatalog)).toEqual([]);
    expect(locked.map((entry) => `${entry.name} v${entry.version}`).sort()).toEqual(
      eventCatalog.map((entry) => `${entry.name} v${entry.version}`).sort(),
    );
  });
});

describe('changedContracts', () => {
  const [entry] = eventCatalog;
  if (!entry) throw new Error('empty catalog');
  const locked = [lockEntry(entry)];

  it('accepts a documentation-only change', () => {
    const reworded = { ...entry, schema: { ...entry.schema, description: 'reworded' } };

    expect(changedContracts(locked, [reworded])).toEqual([]);
  });

  it('flags a new optional field in a published version, which strict consumers would reject', () => {
    const schema = structuredClone(entry.schema) as { properties: { data: { properties: Record<string, unknown> } } };
    schema.properties.data.properties.giftWrap = { type: 'boolean' };

    expect(changedContracts(locked, [{ ...entry, schema }])).toEqual([
      expect.stringMatching(/changed its contract.*as v2/),
    ]);
  });

  it('flags a published version that disappeared from the catalog', () => {
    expect(changedContracts(locked, [])).toEqual([expect.stringMatching(/no longer in the catalog/)]);
  });
});
