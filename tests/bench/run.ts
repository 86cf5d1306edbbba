import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startTestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';
import { AWS_PRICES, costPerMillionOrders, type MeteredUsage } from './aws-prices.ts';

/**
 * `npm run bench [-- --orders 300 --concurrency 20 --warmup 1 --until OrderShipped --json]`: first
 * places `--warmup` orders one at a time (the first is the cold one after start), then runs
 * `--orders` orders through the whole flow on the local cloud in a closed loop, `--concurrency`
 * customers each placing an order and waiting until it reaches the end (the shipment mail, or
 * the `--until` event) before placing the next. It reports throughput, end-to-end latency, where an
 * order's time goes, the work and CPU each order costs, Lambda timeouts and visibility-timeout
 * waits, and what a million orders would cost on AWS from the calls the local cloud metered.
 * Numbers from this machine are for comparing changes, not for sizing AWS. With `--json` the
 * last line of the output is one JSON object with the figures.
 */
const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
    until: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    json: { type: 'boolean', default: false },
    warmup: { type: 'string', default: '1' },
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
let logBytes = 0;
// Twenty customers signed in before the clock starts, as a storefront's sessions would be.
const shop = new ShopProbe(cloud);
const customers = await Promise.all(Array.from({ length: 20 }, (_, index) => shop.customer(`bench${index}`)));
const placedAt = new Map<string, number>();
const doneAt = new Map<string, number>();
// The moment each order reached `until`, heard from the trace as it happens (possibly before its
// POST has answered), and who waits for it.
const reachedAt = new Map<string, number>();
const waiters = new Map<string, () => void>();
cloud.trace.subscribe((hop, keys) => {
  const reached =
    until === 'shipment mail'
      ? hop.kind === 'mail' && hop.name.endsWith('has shipped')
      : hop.kind === 'event' && hop.name === until;
  if (!reached) return;
  const now = performance.now();
  for (const key of keys) {
    if (reachedAt.has(key)) continue;
    reachedAt.set(key, now);
    waiters.get(key)?.();
  }
});
let auditEvents = 0;
cloud.logs.subscribe((entry) => {
  if (entry.origin.startsWith('lambda:')) logBytes += Buffer.byteLength(entry.line) + 1;
  if (entry.origin.startsWith('logs:')) auditEvents++;
});

let failedRequests = 0;
const deadline = Date.now() + Number(values.timeout) * 1000;

/** Places one order and waits until it reaches `until`; its latency, or undefined if it failed. */
async function placeAndFollow(index: number): Promise<{ orderId: string; sentAt: number } | undefined> {
  const sku = SKUS[index % SKUS.length];
  const sentAt = performance.now();
  const response = await fetch(`${cloud.httpApiUrl}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${customers[index % customers.length]?.idToken}`,
    },
    body: JSON.stringify({ currency: 'EUR', lines: [{ sku, quantity: 1 }] }),
  });
  const body = (await response.json()) as { orderId?: string };
  if (response.status !== 202 || !body.orderId) {
    failedRequests++;
    return undefined;
  }
  const orderId = body.orderId;
  if (!reachedAt.has(orderId)) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      waiters.set(orderId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    waiters.delete(orderId);
  }
  return { orderId, sentAt };
}

const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

// The first order after start, alone: cold starts all along its path.
const warmupCount = Number(values.warmup);
const warmups: number[] = [];
for (let index = 0; index < warmupCount; index++) {
  const placed = await placeAndFollow(index);
  const at = placed && reachedAt.get(placed.orderId);
  if (placed && at !== undefined) warmups.push(at - placed.sentAt);
}
if (warmupCount > 0)
  say(
    `First order after start: ${warmups[0]?.toFixed(0) ?? 'did not complete'} ms (${warmupCount} warm-up order(s), alone)`,
  );

say(
  `Placing ${orderCount} orders, ${concurrency} in flight at a time, until ${until} (local cloud at ${cloud.edgeUrl})`,
);
const cpuBefore = process.cpuUsage();
const mainCpuBefore = process.threadCpuUsage();
const loopBefore = performance.eventLoopUtilization();
const started = performance.now();
let next = 0;
const progress = setInterval(() => {
  const timeouts = cloud.runtime.stats().reduce((sum, stat) => sum + stat.timeouts, 0);
  process.stderr.write(
    `\r  placed ${placedAt.size}/${orderCount}, completed ${doneAt.size}/${orderCount}, ${timeouts} Lambda timeouts   `,
  );
}, 500);
// A closed loop: each of `concurrency` customers places an order, waits for it, places the next.
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < orderCount && Date.now() < deadline) {
      const index = warmupCount + next++;
      const placed = await placeAndFollow(index);
      if (!placed) continue;
      placedAt.set(placed.orderId, placed.sentAt);
      const at = reachedAt.get(placed.orderId);
      if (at !== undefined) doneAt.set(placed.orderId, at);
    }
  }),
);
const elapsedSeconds = (performance.now() - started) / 1000;
// How busy the cloud's main thread (its edge, DynamoDB, queues, stores) was while orders ran: near
// 100 %, it is the bottleneck, whatever the cores left to the functions' worker threads.
const mainThreadBusy = performance.eventLoopUtilization(loopBefore).utilization;
clearInterval(progress);
process.stderr.write('\n');

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

const cpu = process.cpuUsage(cpuBefore);
// The main thread (the edge and every emulated service) apart from the functions' worker threads.
const mainCpu = process.threadCpuUsage(mainCpuBefore);
const latencies = [...doneAt].map(([id, at]) => at - (placedAt.get(id) ?? at)).sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
const completed = doneAt.size;
// Work and money per order count every order the cloud ran, warm-up orders included.
const ordersRun = completed + warmups.length;
// CPU counts the loaded run only, so it is shared among the orders completed in it.
const cpuMsPerOrder = (usage: NodeJS.CpuUsage) =>
  completed === 0 ? Number.NaN : (usage.user + usage.system) / 1000 / completed;
const per = (value: number) => (ordersRun === 0 ? Number.NaN : value / ordersRun);
const total = <T>(items: readonly T[], value: (item: T) => number) => items.reduce((sum, item) => sum + value(item), 0);

const stats = cloud.runtime.stats();
const invocations = total(stats, (stat) => stat.invocations);
const lambdaTimeouts = total(stats, (stat) => stat.timeouts);
const coldStarts = total(stats, (stat) => stat.coldStarts);
const memoryOf = new Map(cloud.topology.functions.map((fn) => [fn.name, fn.memorySizeMb]));
const gbSeconds = total(stats, (stat) => (stat.billedMs / 1000) * ((memoryOf.get(stat.functionName) ?? 128) / 1024));
const requests = cloud.requestCounts();
const requestsOf = (prefix: string) =>
  total(
    Object.entries(requests).filter(([key]) => key.startsWith(prefix)),
    ([, n]) => n,
  );
const pollers = [...cloud.eventSources.map((source) => source.stats), ...cloud.pipes.stats()];
const queueMessages = total(pollers, (stat) => stat.records);
const redelivered = total(pollers, (stat) => stat.redelivered);
// Which consumers got messages again after a receive that did not delete them, to say where.
const redeliveredBy = [
  ...cloud.eventSources.map((source) => [source.spec.functionName, source.stats.redelivered] as const),
  ...cloud.pipes.stats().map((pipe) => [pipe.name, pipe.redelivered] as const),
].filter(([, count]) => count > 0);
// Why records were left for redelivery: the error each consumer logged when it failed one, and
// the error of each invocation that failed as a whole (the runtime's "Invoke Error" line).
const retriedBecause = new Map<string, number>();
for (const { origin, line } of cloud.logs.recent(Number.MAX_SAFE_INTEGER)) {
  if (!origin.startsWith('lambda:')) continue;
  const fn = origin.slice('lambda:'.length);
  try {
    let reason: string | undefined;
    if (line.includes('\tInvoke Error \t')) {
      const { errorType } = JSON.parse(line.split('\t').at(-1) ?? '{}') as { errorType?: string };
      reason = `${fn} invocation ${errorType}`;
    } else if (line.includes('the message will be retried')) {
      const { error } = JSON.parse(line) as { error?: string };
      reason = `${fn} record ${String(error).split(':')[0]}`;
    }
    if (reason !== undefined) retriedBecause.set(reason, (retriedBecause.get(reason) ?? 0) + 1);
  } catch {
    // A line that is not one JSON object is not the consumer's structured log.
  }
}
const batches = total(pollers, (stat) => stat.batches);
const pipeRequests = total(cloud.pipes.stats(), (stat) => stat.records - stat.filteredOut);
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
const capacity = cloud.consumedCapacity();
const emails = cloud.ses.listMailbox({ limit: 1_000_000 }).length;

// What one order used, in AWS's billing units. SQS: every delivery to a queue is a SendMessage,
// and Lambda's pollers receive and delete each batch (DeleteMessageBatch); the pollers' empty
// long polls cost by the hour, not by the order, and are left out.
const usage: MeteredUsage = {
  lambdaRequests: per(invocations),
  lambdaGbSeconds: per(gbSeconds),
  httpApiRequests: per(placedAt.size + warmupCount + failedRequests),
  events: per(auditEvents),
  pipeRequests: per(pipeRequests),
  sqsRequests: per(queueMessages - redelivered + 2 * batches + requestsOf('sqs ')),
  stateTransitions: per(stateTransitions),
  dynamoDbWriteUnits: per(capacity.writeUnits),
  dynamoDbReadUnits: per(capacity.readUnits),
  emails: per(emails),
  s3Writes: per(requestsOf('s3 PUT') + requestsOf('s3 POST')),
  s3Reads: per(requestsOf('s3 GET') + requestsOf('s3 HEAD')),
  logBytes: per(logBytes),
};
const cost = costPerMillionOrders(usage);
const costPerMillionOrdersUsd = total(Object.values(cost), (dollars) => dollars);

// Where an order's time goes, summed over its steps (steps of one order partly overlap, and
// the emulator's time is spent while handlers wait on their AWS calls).
const initMs = total(stats, (stat) => stat.initMs);
const breakdown = {
  queueWaitMs: per(total(pollers, (stat) => stat.queueWaitMs)),
  batchingWindowMs: per(total(pollers, (stat) => stat.batchingWindowMs)),
  coldStartMs: per(initMs),
  handlerMs: per(total(stats, (stat) => stat.durationMs) - initMs),
  emulatorMs: per(cloud.serviceMilliseconds()),
};
const report = {
  orders: orderCount,
  concurrency,
  until,
  completed,
  failedRequests,
  elapsedSeconds: round(elapsedSeconds),
  ordersPerSecond: round(completed / elapsedSeconds),
  p50Ms: round(percentile(50)),
  p95Ms: round(percentile(95)),
  p99Ms: round(percentile(99)),
  breakdownPerOrder: Object.fromEntries(Object.entries(breakdown).map(([key, value]) => [key, round(value)])),
  cpuMsPerOrder: round(cpuMsPerOrder(cpu)),
  mainThreadCpuMsPerOrder: round(cpuMsPerOrder(mainCpu)),
  mainThreadBusyPercent: round(mainThreadBusy * 100),
  firstOrderMs: round(warmups[0] ?? Number.NaN),
  lambdaTimeouts,
  visibilityTimeoutWaits: redelivered,
  coldStarts,
  perOrder: {
    lambdaInvocations: round(per(invocations)),
    events: round(per(auditEvents)),
    queueMessages: round(per(queueMessages)),
    stateTransitions: round(per(stateTransitions)),
    dynamoDbCalls: round(per(requestsOf('dynamodb '))),
  },
  usagePerOrder: Object.fromEntries(Object.entries(usage).map(([key, value]) => [key, round(value, 4)])),
  costPerMillionOrdersUsd: round(costPerMillionOrdersUsd),
  costPerMillionOrdersByService: Object.fromEntries(Object.entries(cost).map(([key, value]) => [key, round(value)])),
  prices: `${AWS_PRICES.region}, list prices as of ${AWS_PRICES.asOf} (tests/bench/aws-prices.ts)`,
};

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(`
Orders:           ${completed} of ${orderCount} reached ${until} (${failedRequests} POSTs failed)
Throughput:       ${report.ordersPerSecond.toFixed(1)} orders/s over ${elapsedSeconds.toFixed(1)} s
Latency (POST -> ${until}): p50 ${ms(report.p50Ms)}, p95 ${ms(report.p95Ms)}, p99 ${ms(report.p99Ms)}
Time per order:   queue wait ${ms(breakdown.queueWaitMs)}, batching windows ${ms(breakdown.batchingWindowMs)}, cold starts ${ms(breakdown.coldStartMs)}, handlers ${ms(breakdown.handlerMs)}, emulated AWS calls ${ms(breakdown.emulatorMs)} (summed over its steps)
CPU per order:    ${ms(report.cpuMsPerOrder)} (all threads of the local cloud): ${ms(report.mainThreadCpuMsPerOrder)} on the main thread (the emulated services), the rest in the functions' worker threads and Node's helper threads; main thread busy ${report.mainThreadBusyPercent}% of the run
Failures:         ${lambdaTimeouts} Lambda timeouts, ${redelivered} messages that waited out a visibility timeout${redeliveredBy.length > 0 ? ` (${redeliveredBy.map(([name, count]) => `${name} ${count}`).join(', ')})` : ''}${retriedBecause.size > 0 ? `\n                  failed for a retry: ${[...retriedBecause].map(([reason, count]) => `${reason} ×${count}`).join(', ')}` : ''}
Per order:        ${report.perOrder.lambdaInvocations} Lambda invocations, ${report.perOrder.events} events, ${report.perOrder.queueMessages} queue messages, ${report.perOrder.stateTransitions} state transitions, ${report.perOrder.dynamoDbCalls} DynamoDB calls (${usage.dynamoDbWriteUnits.toFixed(1)} WRU, ${usage.dynamoDbReadUnits.toFixed(1)} RRU)
Cold starts:      ${coldStarts} across ${stats.length} functions
Cost on AWS:      $${costPerMillionOrdersUsd.toFixed(2)} per million orders (${report.prices})
                  ${Object.entries(cost)
                    .map(([service, dollars]) => `${service} $${dollars.toFixed(2)}`)
                    .join(', ')}
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
}
await cloud.destroy();

function round(value: number, digits = 1): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : Number.NaN;
}
