import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { shopConsoleExtensions } from '../../local/shop/console-extensions.ts';
import { type LocalCloud, startLocalCloud } from '../../local/src/cloud.ts';
import { paymentBetweenTries } from '../../scenarios/shop.ts';

export const ROOT_DIR = resolve(import.meta.dirname, '..', '..');

export interface TestCloud extends LocalCloud {
  /** Same edge and state, new process state: stop and start again on the same data folder. */
  restart(): Promise<TestCloud>;
  /** Stops and deletes the data folder. */
  destroy(): Promise<void>;
  /** The credentials/endpoint block for SDK v3 clients in the test process. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
}

/**
 * Starts the whole local cloud in this process on free ports with its own data folder, from the
 * repository's real serverless.yml files: what the tests run against.
 */
export async function startTestCloud(
  options: {
    dataDir?: string;
    asyncRetryDelaysMs?: number[];
    env?: Record<string, string>;
    stepFunctionsTiming?: { retryIntervalMs?: number; waitMs?: number };
    /** CloudWatch alarm periods this many times faster than AWS (default 1). */
    cloudWatchTimeScale?: number;
  } = {},
): Promise<TestCloud> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shop-cloud-'));
  const cloud = await startLocalCloud({
    rootDir: ROOT_DIR,
    dataDir,
    edgePort: 0,
    httpPort: 0,
    asyncRetryDelaysMs: options.asyncRetryDelaysMs ?? [200, 400],
    env: { ...process.env, ...options.env },
    ...(options.stepFunctionsTiming ? { stepFunctionsTiming: options.stepFunctionsTiming } : {}),
    ...(options.cloudWatchTimeScale ? { cloudWatchTimeScale: options.cloudWatchTimeScale } : {}),
    console: shopConsoleExtensions(),
  });
  return {
    ...cloud,
    clientConfig: {
      endpoint: cloud.edgeUrl,
      region: cloud.topology.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
    async restart() {
      await cloud.stop();
      return startTestCloud({ ...options, dataDir });
    },
    async destroy() {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Ends an order's payment backoff now through the local cloud's control, once the payment sits it
 * out (`paymentBetweenTries`, as the payment-outage lesson waits for it). Tests use it rather than
 * wait 5, 10, 20 s of backoff.
 */
export async function endPaymentBackoff(cloud: TestCloud, orderId: string): Promise<void> {
  await eventually(
    async () => (paymentBetweenTries(cloud.trace.hops(orderId)) ? true : undefined),
    45_000,
    `${orderId}'s payment between two tries`,
  );
  const paymentQueue = cloud.topology.queues.find(
    (queue) => queue.logicalId === 'PaymentQueue' && queue.stackName.startsWith('shop-payments'),
  );
  if (!paymentQueue) throw new Error('No PaymentQueue in the payments stack');
  cloud.sqs.endVisibilityTimeouts(paymentQueue.arn);
}
