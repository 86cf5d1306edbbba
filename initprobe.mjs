import { Worker } from 'node:worker_threads';
const bundlePath = process.cwd() + '/.local-cloud/build/cache/payments-1712e47a18da/8c842406001655c4/capturePayment.cjs';
const flags = process.argv[2] === 'maps' ? ['--enable-source-maps'] : [];
const cache = process.argv[3] === 'cache' ? process.cwd() + '/.local-cloud/compile-cache' : undefined;
async function once() {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const w = new Worker(process.cwd() + '/local/src/lambda/worker-entry.mjs', { workerData: { bundlePath, exportName: 'handler', functionName: 'x', memorySizeMb: 256, logGroupName: 'g', logStreamName: 's', compileCacheDir: cache }, execArgv: flags, env: { ...process.env, AWS_REGION: 'eu-west-1' } });
  // wait until init done: send an invoke with an empty event and wait for result
  await new Promise((resolve) => { w.on('message', (m) => { if (m.type === 'result') resolve(m); }); w.postMessage({ type: 'invoke', requestId: '1', event: {}, deadline: Date.now() + 10000 }); });
  const c = process.cpuUsage(c0);
  const r = [Math.round((c.user + c.system) / 1000), Math.round(performance.now() - t0)];
  await w.terminate();
  return r;
}
const res = [];
for (let i = 0; i < 6; i++) res.push(await once());
console.log(process.argv.slice(2).join(' '), JSON.stringify(res.slice(1)));
