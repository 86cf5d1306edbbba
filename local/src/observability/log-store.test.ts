import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogStore } from './log-store.ts';

let dataDir: string;
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('LogStore', () => {
  it('finds every line of one correlation id across functions and the audit log, and nothing else', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'logs-'));
    const logs = new LogStore(dataDir);

    logs.append(
      'lambda:orders-placeOrder',
      JSON.stringify({ level: 'INFO', message: 'placed', correlationId: 'ord_1' }),
    );
    logs.append(
      'lambda:orders-placeOrder',
      JSON.stringify({ level: 'INFO', message: 'placed', correlationId: 'ord_2' }),
    );
    logs.append(
      'logs:/aws/events/shop/audit',
      JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { metadata: { correlationId: 'ord_1' } } }),
    );
    logs.append('lambda:inventory-reserveStock', 'START RequestId: 1 Version: $LATEST');

    const trace = logs.trace('ord_1');

    expect(trace.map((entry) => entry.origin)).toEqual(['lambda:orders-placeOrder', 'logs:/aws/events/shop/audit']);
    expect(trace.every((entry) => entry.correlationId === 'ord_1')).toBe(true);
  });

  it('keeps every line on disk, one file per origin, as CloudWatch keeps a log group', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'logs-'));
    const logs = new LogStore(dataDir);

    logs.append('logs:/aws/events/shop/audit', '{"id":"1"}');

    expect(readFileSync(join(dataDir, 'logs', 'logs_aws_events_shop_audit.log'), 'utf8')).toMatch(/\{"id":"1"\}\n$/);
  });
});
