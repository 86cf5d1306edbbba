import { catalogEntry, eventCatalog, interfaceCatalog } from '@shop/events';
import { describe, expect, it } from 'vitest';
import { EventValidationError, ValidationError } from './errors.ts';
import { parseEventBridgeEvent, validateEvent, validateInterfaceMessage } from './validate-event.ts';

type Json = Record<string, unknown>;

const examples = eventCatalog.flatMap((entry) =>
  entry.examples.map((example, index) => ({
    label: `${entry.name} v${entry.version} ${entry.exampleFiles[index]}`,
    entry,
    example: example as unknown as Json & { detail: { metadata: Json; data: Json } },
  })),
);

function orderPlacedExample(): Json & { detail: { metadata: Json; data: Json } } {
  const found = examples.find(({ entry }) => entry.name === 'OrderPlaced' && entry.version === 1);
  if (!found) throw new Error('the catalog has no OrderPlaced v1 example');
  return structuredClone(found.example);
}

function issuesOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof EventValidationError || error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('validateEvent', () => {
  it.each(examples.map((item) => [item.label, item] as const))('accepts the catalog example %s', (_label, item) => {
    const detail = validateEvent(item.entry.name, item.entry.version, item.example.detail);
    expect(detail).toBe(item.example.detail);
  });

  it.each(examples.map((item) => [item.label, item] as const))(
    'rejects %s with an extra data property (thin events stay thin)',
    (_label, item) => {
      const detail = structuredClone(item.example.detail);
      detail.data.customerEmail = 'someone@example.com';
      expect(issuesOf(() => validateEvent(item.entry.name, item.entry.version, detail))).toContain(
        'detail/data: must not have property "customerEmail"',
      );
    },
  );

  it.each(examples.map((item) => [item.label, item] as const))(
    'rejects %s without its idempotency key',
    (_label, item) => {
      const detail = structuredClone(item.example.detail);
      delete detail.metadata.idempotencyKey;
      expect(issuesOf(() => validateEvent(item.entry.name, item.entry.version, detail))).toContain(
        "detail/metadata: must have required property 'idempotencyKey'",
      );
    },
  );

  it('rejects a metadata version that is not the schema version', () => {
    const { detail } = orderPlacedExample();
    detail.metadata.version = 2;
    expect(issuesOf(() => validateEvent('OrderPlaced', 1, detail))).toContain('detail/metadata/version: must be 1');
  });

  it('rejects a non-uuid eventId and a non-date-time occurredAt (formats are enforced)', () => {
    const { detail } = orderPlacedExample();
    detail.metadata.eventId = 'not-a-uuid';
    detail.metadata.occurredAt = 'yesterday';
    const issues = issuesOf(() => validateEvent('OrderPlaced', 1, detail));
    expect(issues).toContain('detail/metadata/eventId: must match format "uuid"');
    expect(issues).toContain('detail/metadata/occurredAt: must match format "date-time"');
  });

  it('rejects money as a float or with a lowercase currency', () => {
    const { detail } = orderPlacedExample();
    detail.data.total = { amount: 237.51, currency: 'eur' };
    const issues = issuesOf(() => validateEvent('OrderPlaced', 1, detail));
    expect(issues).toContain('detail/data/total/amount: must be integer');
    expect(issues).toContain('detail/data/total/currency: must match pattern "^[A-Z]{3}$"');
  });

  it('rejects an unknown reservation failure reason', () => {
    const example = catalogEntry('InventoryReservationFailed', 1)?.examples[0] as unknown as { detail: { data: Json } };
    const detail = structuredClone(example.detail);
    detail.data.reason = 'WAREHOUSE_ON_FIRE';
    expect(issuesOf(() => validateEvent('InventoryReservationFailed', 1, detail))).toContain(
      'detail/data/reason: must be one of ["OUT_OF_STOCK","UNKNOWN_SKU"]',
    );
  });

  it('rejects a version that is not cataloged', () => {
    expect(issuesOf(() => validateEvent('OrderPlaced', 7, orderPlacedExample().detail))).toEqual([
      'OrderPlaced v7 is not in the event catalog',
    ]);
  });

  it('reports every issue, not just the first', () => {
    expect(issuesOf(() => validateEvent('OrderPlaced', 1, { metadata: {}, data: {} })).length).toBeGreaterThan(5);
  });
});

describe('parseEventBridgeEvent', () => {
  it('parses an SQS body holding the EventBridge event and returns its typed detail', () => {
    const example = orderPlacedExample();
    const detail = parseEventBridgeEvent('OrderPlaced', JSON.stringify(example));
    expect(detail.data.orderId).toBe(example.detail.data.orderId);
    expect(detail.metadata.version).toBe(1);
  });

  it('accepts the event as an object (a Lambda target payload)', () => {
    const example = orderPlacedExample();
    expect(parseEventBridgeEvent('OrderPlaced', example)).toEqual(example.detail);
  });

  it.each(examples.filter((item) => item.entry.status !== 'retired').map((item) => [item.label, item] as const))(
    'reads %s tolerantly: a field added after this consumer was built is dropped, not refused',
    (_label, item) => {
      const event = structuredClone(item.example);
      event.detail.data.giftWrap = { paper: 'gold' };
      event.detail.metadata.traceparent = '00-abc-def-01';

      const detail = parseEventBridgeEvent(item.entry.name, JSON.stringify(event));

      expect(detail).toEqual(item.example.detail);
      // The producer's exact reading still refuses to publish it.
      expect(issuesOf(() => validateEvent(item.entry.name, item.entry.version, event.detail))).toContain(
        'detail/data: must not have property "giftWrap"',
      );
    },
  );

  it('refuses a retired version, which no consumer reads any more (InventoryReserved v1)', () => {
    const retired = structuredClone(catalogEntry('InventoryReserved', 1)?.examples[0]);
    expect(issuesOf(() => parseEventBridgeEvent('InventoryReserved', retired))).toEqual([
      'InventoryReserved v1 is retired: no consumer reads it any more',
    ]);
  });

  it('reads tolerantly only what it does not know: a known field of the wrong type is still refused', () => {
    const example = orderPlacedExample();
    example.detail.data.giftWrap = true;
    example.detail.data.orderId = 42;
    expect(issuesOf(() => parseEventBridgeEvent('OrderPlaced', example))).toEqual([
      'detail/data/orderId: must be string',
    ]);
  });

  it('leaves the event it was given as it was', () => {
    const example = orderPlacedExample();
    example.detail.data.giftWrap = true;
    parseEventBridgeEvent('OrderPlaced', example);
    expect(example.detail.data.giftWrap).toBe(true);
  });

  it('rejects a body that is not JSON', () => {
    expect(issuesOf(() => parseEventBridgeEvent('OrderPlaced', '{"detail":'))[0]).toMatch(/^body is not JSON/);
  });

  it('rejects another detail-type (a misrouted rule)', () => {
    const example = { ...orderPlacedExample(), 'detail-type': 'InventoryReserved' };
    expect(issuesOf(() => parseEventBridgeEvent('OrderPlaced', example))).toEqual([
      'detail-type: must be "OrderPlaced", got "InventoryReserved"',
    ]);
  });

  it('rejects the right detail-type from the wrong source', () => {
    const example = { ...orderPlacedExample(), source: 'shop.payments' };
    expect(issuesOf(() => parseEventBridgeEvent('OrderPlaced', example))).toEqual([
      'source: must be "shop.orders", got "shop.payments"',
    ]);
  });

  it('rejects a detail that declares an uncataloged version', () => {
    const example = orderPlacedExample();
    example.detail.metadata.version = 3;
    expect(issuesOf(() => parseEventBridgeEvent('OrderPlaced', example))).toEqual([
      'OrderPlaced v3 is not in the event catalog',
    ]);
  });

  it('rejects a detail without metadata', () => {
    const example = { ...orderPlacedExample(), detail: { data: {} } };
    expect(issuesOf(() => parseEventBridgeEvent('OrderPlaced', example))).toEqual([
      'detail: must be an object with metadata and data',
    ]);
  });

  it('throws EventValidationError naming the event', () => {
    expect(() => parseEventBridgeEvent('OrderPlaced', 'null')).toThrow(EventValidationError);
    expect(() => parseEventBridgeEvent('OrderPlaced', 'null')).toThrow(/^OrderPlaced is invalid/);
  });
});

describe('validateInterfaceMessage', () => {
  const ordersRead = interfaceCatalog.find((entry) => entry.name === 'orders-read' && entry.version === 1);

  it.each((ordersRead?.examples ?? []).map((example) => [example.file, example] as const))(
    'accepts the orders-read v1 example %s',
    (file, example) => {
      const kind = file.startsWith('request') ? 'request' : 'response';
      expect(validateInterfaceMessage('orders-read', 1, kind, example.message)).toEqual(example.message);
    },
  );

  it('rejects a request for another query', () => {
    expect(
      issuesOf(() => validateInterfaceMessage('orders-read', 1, 'request', { query: 'GetCustomer', orderId: 'o-1' })),
    ).toEqual(
      expect.arrayContaining(['request/query: must be "GetOrderLines"', 'request/query: must be "GetOrderSummary"']),
    );
  });

  it('rejects a response that discloses more than the interface allows', () => {
    const response = {
      found: false,
      orderId: 'o-1',
      email: 'someone@example.com',
    };
    expect(() => validateInterfaceMessage('orders-read', 1, 'response', response)).toThrow(ValidationError);
  });
});
