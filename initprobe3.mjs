import { Worker } from 'node:worker_threads';
const [variant, flag] = process.argv.slice(2);
const bundlePath = `${process.cwd()}/.local-cloud/build/sm-${variant}/capturePayment.cjs`;
async function once() {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const w = new Worker(process.cwd() + '/local/src/lambda/worker-entry.mjs', { workerData: { bundlePath, exportName: 'handler', functionName: 'x', memorySizeMb: 256, logGroupName: 'g', logStreamName: 's' }, execArgv: flag === 'maps' ? ['--enable-source-maps'] : [], env: { ...process.env, AWS_REGION: 'eu-west-1' } });
  await new Promise((resolve) => { w.on('message', (m) => { if (m.type === 'result') resolve(m); }); w.postMessage({ type: 'invoke', requestId: '1', event: {}, deadline: Date.now() + 10000 }); });
  const c = process.cpuUsage(c0);
  await w.terminate();
  return (c.user + c.system) / 1000;
}
const res = [];
for (let i = 0; i < 16; i++) res.push(await once());
res.shift(); res.sort((a, b) => a - b);
console.log(variant, flag, 'median cpu ms', Math.round(res[Math.floor(res.length / 2)]), 'min', Math.round(res[0]));
