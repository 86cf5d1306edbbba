import { eventually, startTestCloud } from './tests/support/local-cloud.ts';
import { ShopProbe } from './tests/support/shop.ts';
const cloud = await startTestCloud({ env: { OUTBOX_GRACE_SECONDS: '0' } });
const shop = new ShopProbe(cloud);
await shop.customer();
const c0 = process.cpuUsage();
const placed = await shop.placeOrder({ currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 1 }] });
const id = String(placed.body.orderId);
await eventually(async () => ((await shop.getOrder(id)).body.status === 'SHIPPED' ? true : undefined), 60_000, 'shipped');
const c = process.cpuUsage(c0); console.log('first order cpu', Math.round((c.user + c.system) / 1000));
const hops = cloud.trace.hops(id).filter((h) => h.kind === 'invocation');
let cold = 0, n = 0;
for (const h of hops) { const d = h.detail as { durationMs: number; coldStart: boolean }; if (d.coldStart) { cold += d.durationMs; n++; } }
console.log('invocations', hops.length, 'cold', n, 'cold invocation ms (wall)', Math.round(cold));
console.log(JSON.stringify(cloud.runtime.stats().filter(s => s.coldStarts > 0).map(s => [s.functionName.replace(/^shop-/, ''), s.coldStarts, Math.round((s as any).initMs ?? 0)])));
await cloud.destroy();
