import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalog, interfaceCatalog, isEventName } from '@shop/events';
import { loadTopology } from '@shop/topology/load-topology';
import type { Topology } from '@shop/topology/topology';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvErrors from 'ajv-errors';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CatalogReportEntry, catalogReport } from '../../events/scripts/catalog-report.ts';
import { changedContracts, type LockedSchema, lockEntry } from '../../events/scripts/schema-lock.ts';
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

  it('a retiring version is still read by a service (else retire it), and a retired one by none', () => {
    // The platform's audit and undocumented-event rules see every event; they are not its consumers.
    const services = (entry: CatalogReportEntry) =>
      entry.consumers.filter((consumer) => !consumer.stack.startsWith('shop-platform-'));
    for (const entry of catalogReport(topology)) {
      const readers = services(entry).map((consumer) => consumer.rule);
      if (entry.status === 'retired') expect(readers, `${entry.name} v${entry.version} is retired`).toEqual([]);
      if (entry.status === 'retiring') {
        expect(readers.length, `${entry.name} v${entry.version} is retiring but nobody reads it`).toBeGreaterThan(0);
      }
    }
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

  type Editable = {
    properties: { data: { required: string[]; properties: Record<string, { type?: string }> } };
  };
  const edited = (edit: (schema: Editable) => void) => {
    const schema = structuredClone(entry.schema) as Editable;
    edit(schema);
    return [{ ...entry, schema }];
  };

  it('accepts a new optional field in a published version: consumers are tolerant readers', () => {
    expect(
      changedContracts(
        locked,
        edited((schema) => (schema.properties.data.properties.giftWrap = { type: 'boolean' })),
      ),
    ).toEqual([]);
  });

  it('flags a new required field, a removed field and a changed type, which consumers would trip over', () => {
    const [first] = Object.keys((entry.schema as Editable).properties.data.properties);
    const required = edited((schema) => {
      schema.properties.data.properties.giftWrap = { type: 'boolean' };
      schema.properties.data.required.push('giftWrap');
    });
    const removed = edited((schema) => {
      delete schema.properties.data.properties[String(first)];
    });
    const retyped = edited((schema) => {
      schema.properties.data.properties[String(first)] = { type: 'number' };
    });

    for (const catalog of [required, removed, retyped]) {
      expect(changedContracts(locked, catalog)).toEqual([expect.stringMatching(/consumers would trip over.*as v2/)]);
    }
  });

  it('flags a published version that disappeared from the catalog', () => {
    expect(changedContracts(locked, [])).toEqual([expect.stringMatching(/no longer in the catalog/)]);
  });
});

describe('the JSON Schemas the functions compile', () => {
  // The functions' Ajv skips the meta-schema check at cold start (shared/src/validate-event.ts):
  // every schema they can compile is held to the draft 2020-12 meta-schema here instead.
  const schemas: Array<[string, object]> = [
    ...eventCatalog.map((entry): [string, object] => [`${entry.name} v${entry.version}`, entry.schema]),
    ...interfaceCatalog.flatMap(
      (entry): Array<[string, object]> => [
        [`${entry.name} v${entry.version} request`, entry.requestSchema],
        [`${entry.name} v${entry.version} response`, entry.responseSchema],
      ],
    ),
    ...readdirSync(join(ROOT_DIR, 'services'), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.schema.json') && !path.includes('node_modules'))
      .map((path): [string, object] => [path, JSON.parse(readFileSync(join(ROOT_DIR, 'services', path), 'utf8'))]),
  ];

  it('include every event, every read interface and the request schemas', () => {
    expect(schemas.map(([name]) => name)).toEqual(
      expect.arrayContaining(['orders/api/place-order-request.schema.json', `OrderPlaced v1`]),
    );
  });

  it.each(schemas)('%s is valid against the JSON Schema 2020-12 meta-schema', (_name, schema) => {
    const ajv = ajvErrors(addFormats(new Ajv2020({ allErrors: true, strict: true })));
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('a schema that breaks the meta-schema is caught', () => {
    const ajv = ajvErrors(addFormats(new Ajv2020({ allErrors: true, strict: true })));
    expect(ajv.validateSchema({ type: 'object', required: 'orderId' })).toBe(false);
  });
});
