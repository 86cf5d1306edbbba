import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Trace, traceKeysOf } from './trace.ts';

const ORDER = 'ord_01M94N00BH6NMJQFJ3YH3QXV4X';
const OTHER = 'ord_01M94N00BH6NMJQFJ3YH3QXV4Y';

describe('the ids of a payload', () => {
  it('finds correlation ids, also inside JSON carried as a string, and order ids', () => {
    const event = { detail: { metadata: { correlationId: 'checkout-7f3a' }, data: { orderId: ORDER } } };
    const sqsBody = JSON.stringify({ Records: [{ body: JSON.stringify(event) }] });
    expect(traceKeysOf(event).sort()).toEqual(['checkout-7f3a', ORDER].sort());
    expect(traceKeysOf(sqsBody).sort()).toEqual(['checkout-7f3a', ORDER].sort());
    expect(traceKeysOf(`Your order ${ORDER} has shipped`)).toEqual([ORDER]);
    expect(traceKeysOf({ nothing: 'here' })).toEqual([]);
  });

  it('never throws, whatever the payload', () => {
    fc.assert(fc.property(fc.anything(), (payload) => Array.isArray(traceKeysOf(payload))));
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(traceKeysOf(circular)).toEqual([]);
  });
});

describe('the trace store', () => {
  let dir: string;
  let trace: Trace;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trace-'));
    trace = new Trace(dir);
  });
  afterEach(() => {
    trace.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const hop = (keys: string[], kind: 'event' | 'mail' | 'api', summary: string) =>
    trace.record({ keys, lane: 'orders', kind, name: summary, summary });

  it('finds a flow by its correlation id or its order id, events linking the two', () => {
    hop(['checkout-1'], 'api', 'POST /orders');
    hop(['checkout-1', ORDER], 'event', 'OrderPlaced');
    hop([ORDER], 'mail', 'confirmed');
    hop([OTHER], 'mail', 'someone else');
    hop([], 'mail', 'nobody: dropped');
    expect(trace.hops('checkout-1').map((entry) => entry.summary)).toEqual([
      'POST /orders',
      'OrderPlaced',
      'confirmed',
    ]);
    expect(trace.hops(ORDER).map((entry) => entry.summary)).toEqual(['POST /orders', 'OrderPlaced', 'confirmed']);
    expect(trace.recentKeys('ord_').map((entry) => entry.key)).toEqual([OTHER, ORDER]);
  });

  it('keeps the hops across a restart and tells subscribers as they happen', () => {
    const heard: string[] = [];
    trace.subscribe((entry, keys) => heard.push(`${entry.summary} ${keys.join(',')}`));
    hop([ORDER], 'event', 'OrderPlaced');
    expect(heard).toEqual([`OrderPlaced ${ORDER}`]);
    trace.close();
    trace = new Trace(dir);
    expect(trace.hops(ORDER).map((entry) => entry.summary)).toEqual(['OrderPlaced']);
  });
});
