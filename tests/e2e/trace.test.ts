import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hop } from '../../local/src/observability/trace.ts';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

let cloud: TestCloud;
let shop: ShopProbe;

beforeAll(async () => {
  cloud = await startTestCloud({
    env: { OUTBOX_GRACE_SECONDS: '0' },
    stepFunctionsTiming: { retryIntervalMs: 50, waitMs: 50 },
  });
  shop = new ShopProbe(cloud);
});

afterAll(async () => {
  await cloud?.destroy();
});

async function traceOf(id: string): Promise<Hop[]> {
  const response = await fetch(`${cloud.edgeUrl}/__local/trace/${encodeURIComponent(id)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Hop[];
}

const has = (hops: readonly Hop[], kind: Hop['kind'], lane: string, summary: RegExp) =>
  hops.some((hop) => hop.kind === kind && hop.lane === lane && summary.test(hop.summary));

describe('the trace of one order', () => {
  it('holds every hop of the order across the services, in one timeline, kept across a restart', async () => {
    const placed = await shop.placeOrder(
      { currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 1 }] },
      { 'x-correlation-id': 'checkout-trace-1' },
    );
    expect(placed.status).toBe(202);
    const orderId = String(placed.body.orderId);
    // Shipped, and both mails (confirmation and shipment) sent.
    const hops = await eventually(
      async () => {
        const current = await traceOf('checkout-trace-1');
        return current.filter((hop) => hop.kind === 'mail').length >= 2 &&
          current.some((hop) => hop.kind === 'pipe' && hop.summary.startsWith('filtered, enriched')) &&
          current.filter((hop) => hop.kind === 'pipe').length >= 2
          ? current
          : undefined;
      },
      60_000,
      'the order to ship and both mails to be sent',
    );

    expect(has(hops, 'api', 'orders', /^POST \/orders answered 202/)).toBe(true);
    expect(
      has(hops, 'event', 'orders', /^OrderPlaced v1 from shop\.orders on shop-local: matched .*order-placed/),
    ).toBe(true);
    expect(has(hops, 'queue', 'inventory', /^sent to order-placed$/)).toBe(true);
    expect(has(hops, 'queue', 'inventory', /^received from order-placed$/)).toBe(true);
    expect(has(hops, 'queue', 'inventory', /^deleted from order-placed: done$/)).toBe(true);
    expect(has(hops, 'invocation', 'inventory', /^reserveStock succeeded in \d+ ms, (cold|warm)$/)).toBe(true);
    expect(has(hops, 'invocation', 'orders', /^readOrder succeeded/)).toBe(true);
    expect(has(hops, 'event', 'payments', /^PaymentCaptured v1/)).toBe(true);
    expect(has(hops, 'saga', 'fulfillment', /^entered AllocateStock$/)).toBe(true);
    expect(has(hops, 'saga', 'fulfillment', /^left CreateLabel$/)).toBe(true);
    expect(has(hops, 'saga', 'fulfillment', /^execution succeeded$/)).toBe(true);
    expect(has(hops, 'event', 'fulfillment', /^OrderShipped v1/)).toBe(true);
    expect(has(hops, 'pipe', 'notifications', /^filtered, enriched and delivered to its target \(1 record/)).toBe(true);
    expect(has(hops, 'mail', 'notifications', new RegExp(`${orderId} has shipped`))).toBe(true);
    expect(has(hops, 'log', 'orders', /^INFO Order followed$/)).toBe(true);
    // The outbox: the order stored with its pending OrderPlaced, then published and cleared.
    expect(has(hops, 'log', 'orders', /^INFO Order events stored in the outbox$/)).toBe(true);
    expect(has(hops, 'log', 'orders', /^INFO Order events published and cleared from the outbox$/)).toBe(true);
    // One timeline: the order of the hops is the order things happened.
    const first = (kind: Hop['kind'], summary: RegExp) =>
      hops.findIndex((hop) => hop.kind === kind && summary.test(hop.summary));
    expect(first('event', /^OrderPlaced/)).toBeLessThan(first('event', /^InventoryReserved/));
    expect(first('event', /^InventoryReserved/)).toBeLessThan(first('event', /^PaymentCaptured/));
    expect(first('saga', /^execution started/)).toBeLessThan(first('event', /^OrderShipped/));
    // The order id finds the same flow.
    expect((await traceOf(orderId)).length).toBeGreaterThan(hops.length / 2);

    cloud = await cloud.restart();
    expect((await traceOf('checkout-trace-1')).map((hop) => hop.seq)).toEqual(
      expect.arrayContaining(hops.map((hop) => hop.seq)),
    );
  });
});
