import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startTestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

/**
 * `npm run bench [-- --orders 300 --concurrency 20 --until OrderShipped]`: places orders through
 * the whole flow on the local cloud and reports throughput, end-to-end latency and the work
 * each order costs. Numbers from this machine are for comparing changes, not for sizing AWS.
 */
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
    until: { type: 'string' },
    timeout: { type: 'string', default: '600' },
  },
});
const orderCount = Number(values.orders);
const concurrency = Number(values.concurrency);
// By default an order is done when its customer has the shipment mail (the end of the flow);
// `--until <EventName>` stops at an event on the bus instead.
const until = values.until ?? 'shipment mail';
const SKUS = [
  'TEE-CLASSIC-BLACK-M',
  'TEE-CLASSIC-WHITE-M',
  'MUG-LOGO-350ML',
  'CAP-NAVY',
  'SOCKS-STRIPED-3PK',
  'TOTE-CANVAS',
];

const cloud = await startTestCloud();
// Twenty customers signed in before the clock starts, as a storefront's sessions would be.
const shop = new ShopProbe(cloud);
const customers = await Promise.all(Array.from({ length: 20 }, (_, index) => shop.customer(`bench${index}`)));
const placedAt = new Map<string, number>();
const doneAt = new Map<string, number>();
let auditEvents = 0;
cloud.logs.subscribe((entry) => {
  if (!entry.origin.startsWith('logs:')) return;
  auditEvents++;
  const event = JSON.parse(entry.line) as { 'detail-type': string; detail?: { data?: { orderId?: string } } };
  const orderId = event.detail?.data?.orderId;
  if (event['detail-type'] === until && orderId && placedAt.has(orderId) && !doneAt.has(orderId))
    doneAt.set(orderId, performance.now());
});

const mailWatch = setInterval(() => {
  if (until !== 'shipment mail') return;
  for (const mail of cloud.ses.listMailbox({ limit: 100_000 })) {
    if (!mail.subject.endsWith('has shipped')) continue;
    const orderId = mail.subject.split(' ')[2] ?? '';
    if (placedAt.has(orderId) && !doneAt.has(orderId)) doneAt.set(orderId, performance.now());
  }
}, 200);

console.log(`Placing ${orderCount} orders, ${concurrency} at a time, until ${until} (local cloud at ${cloud.edgeUrl})`);
const started = performance.now();
let next = 0;
let failedRequests = 0;
const progress = setInterval(() => {
  process.stdout.write(`\r  placed ${placedAt.size}/${orderCount}, completed ${doneAt.size}/${orderCount}   `);
}, 500);
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < orderCount) {
      const index = next++;
      const sku = SKUS[index % SKUS.length];
      const sentAt = performance.now();
      const response = await fetch(`${cloud.httpApiUrl}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${customers[index % customers.length]?.idToken}`,
        },
        body: JSON.stringify({
          currency: 'EUR',
          lines: [{ sku, quantity: 1 }],
        }),
      });
      const body = (await response.json()) as { orderId?: string };
      if (response.status !== 202 || !body.orderId) failedRequests++;
      else placedAt.set(body.orderId, sentAt);
    }
  }),
);
const deadline = Date.now() + Number(values.timeout) * 1000;
while (doneAt.size < placedAt.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
const elapsedSeconds = (performance.now() - started) / 1000;
clearInterval(progress);
clearInterval(mailWatch);
process.stdout.write('\n');

// Count the work per order once the system is quiet: the shipment mail is not the last message
// (orders still records OrderShipped, notifications may still send the confirmation).
const quietBy = Date.now() + 60_000;
let quietChecks = 0;
while (quietChecks < 3 && Date.now() < quietBy) {
  const busy = cloud.topology.queues.some((queue) => {
    const stats = cloud.sqs.queueStats(queue.arn);
    return stats.visible + stats.inFlight + stats.delayed > 0 && !queue.name.endsWith('dlq');
  });
  quietChecks = busy ? 0 : quietChecks + 1;
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const latencies = [...doneAt].map(([id, at]) => at - (placedAt.get(id) ?? at)).sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
const completed = doneAt.size;
const perOrder = (value: number) => (completed === 0 ? 'n/a' : (value / completed).toFixed(2));
const stats = cloud.runtime.stats();
const invocations = stats.reduce((sum, stat) => sum + stat.invocations, 0);
const requests = cloud.requestCounts();
const dynamoCalls = Object.entries(requests)
  .filter(([key]) => key.startsWith('dynamodb '))
  .reduce((sum, [, n]) => sum + n, 0);
const queueMessages = cloud.eventSources.reduce((sum, source) => sum + source.stats.records, 0);
const stateTransitions = cloud.stepFunctions
  .listExecutions({ limit: 1_000_000 })
  .reduce(
    (sum, execution) =>
      sum +
      cloud.stepFunctions
        .getExecutionHistory(execution.executionArn)
        .filter((event) => event.type.endsWith('StateEntered')).length,
    0,
  );

console.log(`
Orders:           ${completed} of ${orderCount} reached ${until} (${failedRequests} POSTs failed)
Throughput:       ${(completed / elapsedSeconds).toFixed(1)} orders/s over ${elapsedSeconds.toFixed(1)} s
Latency (POST -> ${until}): p50 ${percentile(50).toFixed(0)} ms, p95 ${percentile(95).toFixed(0)} ms, p99 ${percentile(99).toFixed(0)} ms
Per order:        ${perOrder(invocations)} Lambda invocations, ${perOrder(auditEvents)} events, ${perOrder(queueMessages)} queue messages, ${perOrder(stateTransitions)} state transitions, ${perOrder(dynamoCalls)} DynamoDB calls
Cold starts:      ${stats.reduce((sum, stat) => sum + stat.coldStarts, 0)} across ${stats.length} functions
`);
console.log('Bundle sizes (minified, @aws-sdk external, as serverless-esbuild packages them):');
for (const fn of cloud.topology.functions) {
  const outfile = join(cloud.dataDir, 'bench-bundles', `${fn.name}.cjs`);
  await build({
    entryPoints: [fn.entryPath],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  console.log(`  ${fn.name.padEnd(44)} ${(statSync(outfile).size / 1024).toFixed(0).padStart(5)} KB`);
}
await cloud.destroy();
