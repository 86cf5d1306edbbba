import { describe, expect, it } from 'vitest';
import {
  catalogEntry,
  type EventBridgeEvent,
  eventCatalog,
  eventNames,
  interfaceCatalog,
  interfaceEntry,
  isEventName,
  latestVersion,
} from './index.ts';

type Schema = Record<string, unknown>;

function propertiesOf(schema: Schema): Record<string, Schema> {
  return (schema.properties ?? {}) as Record<string, Schema>;
}

/** Every subschema that describes an object, with its JSON path, including array items and oneOf branches. */
function objectSchemas(schema: Schema, path: string): Array<{ path: string; schema: Schema }> {
  const found: Array<{ path: string; schema: Schema }> = [];
  if (schema.type === 'object' || schema.properties) found.push({ path, schema });
  for (const [key, child] of Object.entries(propertiesOf(schema)))
    found.push(...objectSchemas(child, `${path}.${key}`));
  if (typeof schema.items === 'object' && schema.items !== null) {
    found.push(...objectSchemas(schema.items as Schema, `${path}[]`));
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) {
      branches.forEach((branch: Schema, index) => {
        found.push(...objectSchemas(branch, `${path}.${keyword}[${index}]`));
      });
    }
  }
  return found;
}

/** Words in a property name that suggest personal data, which thin events must not carry (docs/architecture.md#events). */
const PII_WORDS = new Set([
  'email',
  'mail',
  'address',
  'street',
  'city',
  'zip',
  'postcode',
  'postal',
  'phone',
  'mobile',
  'name',
  'birth',
  'birthday',
  'iban',
  'card',
  'ip',
]);

function looksLikePii(property: string): boolean {
  const words = property
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/);
  return words.some((word) => PII_WORDS.has(word)) || /e-?mail|phone|address|name$/i.test(property);
}

describe('eventCatalog', () => {
  it('lists every event name in eventNames with at least one version', () => {
    expect(eventNames.length).toBeGreaterThan(0);
    for (const name of eventNames) {
      expect(eventCatalog.some((entry) => entry.name === name)).toBe(true);
    }
  });

  it('holds the first three events with their owners and sources', () => {
    const summary = eventCatalog.map(({ name, version, source, owner }) => ({ name, version, source, owner }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { name: 'OrderPlaced', version: 1, source: 'shop.orders', owner: 'orders' },
        { name: 'InventoryReserved', version: 1, source: 'shop.inventory', owner: 'inventory' },
        { name: 'InventoryReservationFailed', version: 1, source: 'shop.inventory', owner: 'inventory' },
      ]),
    );
  });

  it.each(eventCatalog.map((entry) => [`${entry.name} v${entry.version}`, entry] as const))(
    '%s has a meaning, a source under shop.* and examples shaped like delivered EventBridge events',
    (_label, entry) => {
      expect(entry.meaning.length).toBeGreaterThan(80);
      expect(entry.source).toMatch(/^shop\.[a-z]+$/);
      expect(entry.examples.length).toBeGreaterThan(0);
      expect(entry.exampleFiles).toHaveLength(entry.examples.length);
      for (const example of entry.examples as readonly EventBridgeEvent<{ metadata: { version: number } }>[]) {
        expect(example['detail-type']).toBe(entry.name);
        expect(example.source).toBe(entry.source);
        expect(example.detail.metadata.version).toBe(entry.version);
        expect(Object.keys(example).sort()).toEqual(
          ['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version'].sort(),
        );
      }
    },
  );

  it.each(eventCatalog.map((entry) => [`${entry.name} v${entry.version}`, entry] as const))(
    '%s describes the whole detail as { metadata, data }, closed to extra properties',
    (_label, entry) => {
      expect(entry.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(entry.schema.required).toEqual(['metadata', 'data']);
      expect(entry.schema.additionalProperties).toBe(false);
      for (const { path, schema } of objectSchemas(entry.schema, 'detail')) {
        expect(schema.additionalProperties, `${path} must set additionalProperties: false`).toBe(false);
      }
    },
  );

  it.each(eventCatalog.map((entry) => [`${entry.name} v${entry.version}`, entry] as const))(
    '%s pins metadata.version to its catalog version',
    (_label, entry) => {
      const metadata = propertiesOf(entry.schema).metadata as Schema;
      expect(propertiesOf(metadata).version?.const).toBe(entry.version);
    },
  );

  it('uses one metadata definition in every event (only the version constant differs)', () => {
    const withoutVersionConst = eventCatalog.map((entry) => {
      const metadata = structuredClone(propertiesOf(entry.schema).metadata as Schema);
      delete propertiesOf(metadata).version?.const;
      return metadata;
    });
    for (const metadata of withoutVersionConst) expect(metadata).toEqual(withoutVersionConst[0]);
  });

  it.each(eventCatalog.map((entry) => [`${entry.name} v${entry.version}`, entry] as const))(
    '%s keeps personal data off the bus: no data property looks like PII',
    (_label, entry) => {
      const data = propertiesOf(entry.schema).data as Schema;
      for (const { path, schema } of objectSchemas(data, 'data')) {
        for (const property of Object.keys(propertiesOf(schema))) {
          expect(looksLikePii(property), `${path}.${property} looks like personal data`).toBe(false);
        }
      }
    },
  );

  it('would flag the PII-looking names it is meant to catch', () => {
    for (const name of ['email', 'customerEmail', 'shipping_address', 'phoneNumber', 'firstName', 'fullname', 'ip']) {
      expect(looksLikePii(name), name).toBe(true);
    }
    for (const name of ['orderId', 'customerId', 'total', 'skus', 'lineCount', 'reason', 'capacity', 'shipmentId']) {
      expect(looksLikePii(name), name).toBe(false);
    }
  });
});

describe('catalogEntry', () => {
  it('finds an event version by name and version', () => {
    expect(catalogEntry('OrderPlaced', 1)?.source).toBe('shop.orders');
  });

  it('answers undefined for an uncataloged name or version', () => {
    expect(catalogEntry('OrderPlaced', 99)).toBeUndefined();
    expect(catalogEntry('OrderTeleported', 1)).toBeUndefined();
  });
});

describe('latestVersion', () => {
  it('is the highest cataloged version of each event', () => {
    for (const name of eventNames) {
      const versions = eventCatalog.filter((entry) => entry.name === name).map((entry) => entry.version);
      expect(latestVersion(name)).toBe(Math.max(...versions));
    }
  });
});

describe('isEventName', () => {
  it('accepts cataloged names and rejects others, case-sensitively like detail-type matching', () => {
    expect(isEventName('OrderPlaced')).toBe(true);
    expect(isEventName('orderplaced')).toBe(false);
    expect(isEventName('PaymentTeleported')).toBe(false);
  });
});

describe('interfaceCatalog', () => {
  it('publishes the orders read interface v1, owned by orders', () => {
    const entry = interfaceEntry('orders-read', 1);
    expect(entry?.owner).toBe('orders');
    expect(interfaceCatalog).toContain(entry);
  });

  it('has request and response examples for every interface version', () => {
    for (const entry of interfaceCatalog) {
      expect(entry.examples.some((example) => example.file.startsWith('request'))).toBe(true);
      expect(entry.examples.some((example) => example.file.startsWith('response'))).toBe(true);
    }
  });

  it('discloses no PII-looking field in any response unless the interface declares it', () => {
    for (const entry of interfaceCatalog) {
      for (const { path, schema } of objectSchemas(entry.responseSchema as Schema, 'response')) {
        for (const property of Object.keys(propertiesOf(schema))) {
          if (entry.disclosesPersonalData.includes(property)) continue;
          expect(looksLikePii(property), `${path}.${property} looks like personal data`).toBe(false);
        }
      }
    }
  });
});
