import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '@shop/topology/topology';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleFunctions } from './bundler.ts';
import { LambdaRuntime } from './lambda-runtime.ts';

const HANDLERS = {
  'echo.ts': `
    let invocations = 0;
    export const handler = async (event: unknown, context: { functionName: string; awsRequestId: string; getRemainingTimeInMillis(): number }) => {
      invocations++;
      return { event, invocations, name: context.functionName, requestId: context.awsRequestId,
        remaining: context.getRemainingTimeInMillis(), color: process.env.COLOR, region: process.env.AWS_REGION,
        endpoint: process.env.AWS_ENDPOINT_URL };
    };`,
  'slow.ts': `export const handler = async (event: { ms: number }) => { await new Promise((r) => setTimeout(r, event.ms)); return 'done'; };`,
  // A fixed amount of CPU work, whatever else the machine is doing.
  'spin.ts': `import { pbkdf2Sync } from 'node:crypto';
    export const handler = async (event: { iterations: number }) => pbkdf2Sync('order', 'salt', event.iterations, 32, 'sha256').length;`,
  'fails.ts': `class PaymentDeclinedError extends Error { name = 'PaymentDeclinedError'; }
    export const handler = async () => { throw new PaymentDeclinedError('card declined'); };`,
};

let directory: string;
let runtime: LambdaRuntime;
const logs: string[] = [];

function spec(key: string, file: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    stackName: 'test-local',
    service: 'test',
    key,
    logicalId: `${key}LambdaFunction`,
    name: `test-local-${key}`,
    arn: `arn:aws:lambda:eu-west-1:000000000000:function:test-local-${key}`,
    handler: `src/${file}.handler`,
    entryPath: join(directory, 'src', `${file}.ts`),
    exportName: 'handler',
    serviceDirectory: directory,
    environment: {},
    timeoutSeconds: 3,
    memorySizeMb: 128,
    runtime: 'nodejs22.x',
    reservedConcurrency: undefined,
    ...overrides,
  };
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'lambda-runtime-'));
  mkdirSync(join(directory, 'src'));
  for (const [file, code] of Object.entries(HANDLERS)) writeFileSync(join(directory, 'src', file), code);
  const functions = [
    spec('red', 'echo', { environment: { COLOR: 'red' } }),
    spec('blue', 'echo', { environment: { COLOR: 'blue' } }),
    spec('slow', 'slow', { timeoutSeconds: 1 }),
    spec('single', 'slow', { reservedConcurrency: 1 }),
    spec('fails', 'fails'),
    spec('mapped', 'fails', { environment: { NODE_OPTIONS: '--enable-source-maps' } }),
  ];
  const bundles = await bundleFunctions(functions, join(directory, 'build'));
  runtime = new LambdaRuntime({
    functions,
    bundles,
    region: 'eu-west-1',
    accountId: '000000000000',
    edgeUrl: 'http://127.0.0.1:1',
    onLog: (name, line) => logs.push(`${name} ${line}`),
  });
});

afterAll(async () => {
  await runtime.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('LambdaRuntime', () => {
  it('runs the handler with its own environment and a Lambda-shaped context', async () => {
    const result = await runtime.invoke('test-local-red', { hello: 'world' });

    expect(result.ok).toBe(true);
    expect(result.ok && result.payload).toMatchObject({
      event: { hello: 'world' },
      name: 'test-local-red',
      requestId: result.requestId,
      color: 'red',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
    });
    expect(result.ok && (result.payload as { remaining: number }).remaining).toBeGreaterThan(0);
  });

  it('keeps one function’s environment variables and module state out of another’s', async () => {
    await runtime.invoke('test-local-red', {});
    const blue = await runtime.invoke('test-local-blue', {});

    expect(blue.ok && blue.payload).toMatchObject({ color: 'blue', invocations: 1 });
  });

  it('reuses a warm environment, so module state survives between invocations', async () => {
    const before = runtime.stats().find((stat) => stat.functionName === 'test-local-red');
    const result = await runtime.invoke('arn:aws:lambda:eu-west-1:000000000000:function:test-local-red', {});
    const after = runtime.stats().find((stat) => stat.functionName === 'test-local-red');

    expect(after?.coldStarts).toBe(before?.coldStarts);
    expect(result.ok && (result.payload as { invocations: number }).invocations).toBeGreaterThan(1);
  });

  it('stops an invocation at the function timeout and starts the next one cold', async () => {
    const timedOut = await runtime.invoke('test-local-slow', { ms: 5_000 });
    const next = await runtime.invoke('test-local-slow', { ms: 1 });

    expect(timedOut).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout' });
    expect(!timedOut.ok && timedOut.errorMessage).toMatch(/Task timed out after 1.00 seconds/);
    expect(next).toMatchObject({ ok: true, payload: 'done' });
    expect(runtime.stats().find((stat) => stat.functionName === 'test-local-slow')).toMatchObject({
      coldStarts: 2,
      timeouts: 1,
    });
  });

  it('throttles invocations above the reserved concurrency', async () => {
    const [first, second] = await Promise.all([
      runtime.invoke('test-local-single', { ms: 300 }),
      runtime.invoke('test-local-single', { ms: 300 }),
    ]);

    expect([first?.ok, second?.ok].sort()).toEqual([false, true]);
    expect([first, second].find((result) => result && !result.ok)).toMatchObject({
      errorType: 'TooManyRequestsException',
    });
  });

  it('reports a thrown error with its type and message, as the Node.js runtime does', async () => {
    const result = await runtime.invoke('test-local-fails', {});

    expect(result).toMatchObject({
      ok: false,
      errorType: 'PaymentDeclinedError',
      errorMessage: 'card declined',
      functionError: 'Unhandled',
    });
  });

  it("writes the Node.js runtime's Invoke Error line for an error the handler let out", async () => {
    const result = await runtime.invoke('test-local-fails', {});
    const line = logs.find(
      (entry) => entry.startsWith('test-local-fails ') && entry.includes(`${result.requestId}\tERROR`),
    );

    expect(line).toMatch(/\tERROR\tInvoke Error \t/);
    expect(JSON.parse(line?.split('\t').at(-1) ?? '{}')).toMatchObject({
      errorType: 'PaymentDeclinedError',
      errorMessage: 'card declined',
      stack: expect.arrayContaining([expect.stringContaining('PaymentDeclinedError: card declined')]),
    });
  });

  it("maps stack traces to the sources only when the function's NODE_OPTIONS enable source maps", async () => {
    const firstFrame = (result: Awaited<ReturnType<LambdaRuntime['invoke']>>) =>
      (!result.ok && result.trace?.find((line) => line.trim().startsWith('at '))) || '';

    expect(firstFrame(await runtime.invoke('test-local-mapped', {}))).toMatch(/src\/fails\.ts:2:\d+\)?$/);
    expect(firstFrame(await runtime.invoke('test-local-fails', {}))).toMatch(/fails\.cjs:\d+:\d+\)?$/);
  });
});

describe('functions contending for the machine', () => {
  it('does not time out work that only ran slowly because more functions ran than there are cores', async () => {
    const cores = availableParallelism();
    const parallel = cores * 6;
    const functions = [spec('spin', 'spin', { timeoutSeconds: 1 })];
    const own = new LambdaRuntime({
      functions,
      bundles: await bundleFunctions(functions, join(directory, 'build-spin')),
      region: 'eu-west-1',
      accountId: '000000000000',
      edgeUrl: 'http://127.0.0.1:1',
      onLog: () => {},
      defaultConcurrency: parallel,
      cores,
    });
    try {
      // Size the work so one invocation alone needs about 0.4 s of its 1 s timeout: run side by
      // side, they need 6 × 0.4 s = 2.4 s of wall-clock time, well past the timeout.
      await own.invoke('test-local-spin', { iterations: 1 });
      const probeIterations = 100_000;
      const probeStarted = performance.now();
      await own.invoke('test-local-spin', { iterations: probeIterations });
      const iterations = Math.round((probeIterations * 400) / (performance.now() - probeStarted));

      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: parallel }, () => own.invoke('test-local-spin', { iterations })),
      );
      const wallClockMs = performance.now() - started;

      expect(wallClockMs).toBeGreaterThan(1_000);
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(own.stats()[0]?.timeouts).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('still stops a function that runs too long while others contend for the machine', async () => {
    const functions = [spec('spin', 'spin', { timeoutSeconds: 1 }), spec('slow', 'slow', { timeoutSeconds: 1 })];
    const own = new LambdaRuntime({
      functions,
      bundles: await bundleFunctions(functions, join(directory, 'build-spin-slow')),
      region: 'eu-west-1',
      accountId: '000000000000',
      edgeUrl: 'http://127.0.0.1:1',
      onLog: () => {},
      cores: 2,
    });
    try {
      const [stuck, busy] = await Promise.all([
        own.invoke('test-local-slow', { ms: 60_000 }),
        own.invoke('test-local-spin', { iterations: 200_000 }),
      ]);

      expect(stuck).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout' });
      expect(busy.ok).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe('stopping the runtime', () => {
  it('ends an invocation under way at once and writes nothing after the stop, not even its timeout', async () => {
    const functions = [spec('slow', 'slow', { timeoutSeconds: 1 })];
    const lines: string[] = [];
    let stopped = false;
    const own = new LambdaRuntime({
      functions,
      bundles: await bundleFunctions(functions, join(directory, 'build-stop')),
      region: 'eu-west-1',
      accountId: '000000000000',
      edgeUrl: 'http://127.0.0.1:1',
      onLog: (_name, line) => lines.push(`${stopped ? 'after' : 'before'} ${line}`),
    });
    // Lambda's START line says the invocation is under way.
    const started = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (lines.some((line) => line.includes('START RequestId'))) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    // The runtime's timers are under the test's control: its function timeout is fired by hand.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const invocation = own.invoke('test-local-slow', { ms: 5_000 });
      await started;
      await own.close();
      stopped = true;

      expect(await invocation).toMatchObject({ ok: false, errorType: 'Runtime.Stopping' });
      vi.advanceTimersByTime(2_000);
      expect(lines.filter((line) => line.startsWith('after') && !/^after (END|REPORT) RequestId/.test(line))).toEqual(
        [],
      );
      expect(lines.some((line) => line.includes('Task timed out'))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
