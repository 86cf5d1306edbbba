import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/local-cloud.ts';
import { costPerMillionOrders, type MeteredUsage } from './aws-prices.ts';

const NOTHING: MeteredUsage = {
  lambdaRequests: 0,
  lambdaGbSeconds: 0,
  httpApiRequests: 0,
  events: 0,
  pipeRequests: 0,
  sqsRequests: 0,
  stateTransitions: 0,
  dynamoDbWriteUnits: 0,
  dynamoDbReadUnits: 0,
  emails: 0,
  s3Writes: 0,
  s3Reads: 0,
  logBytes: 0,
};

describe('the cost of a million orders', () => {
  it('prices each metered unit from the price table', () => {
    const cost = costPerMillionOrders({
      ...NOTHING,
      lambdaRequests: 10,
      lambdaGbSeconds: 0.5,
      stateTransitions: 6,
      dynamoDbWriteUnits: 4,
      emails: 2,
    });

    // 10 requests at $0.20/M, 0.5 GB-s × 1M at $0.0000133334; 6 transitions at $25/M; 4 WRU at
    // $0.625/M; 2 mails at $0.10 per thousand.
    expect(cost.Lambda).toBeCloseTo(2 + 6.6667, 3);
    expect(cost['Step Functions']).toBeCloseTo(150, 6);
    expect(cost.DynamoDB).toBeCloseTo(2.5, 6);
    expect(cost.SES).toBeCloseTo(200, 6);
    expect(cost.SQS).toBe(0);
  });
});

describe('the benchmark, with --json', () => {
  it('places real orders and ends with one JSON line of the figures', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        '--import',
        'tsx',
        'tests/bench/run.ts',
        '--orders',
        '3',
        '--concurrency',
        '3',
        '--json',
      ],
      { cwd: ROOT_DIR, maxBuffer: 16 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');

    expect(report).toMatchObject({ orders: 3, completed: 3, failedRequests: 0, lambdaTimeouts: 0 });
    for (const key of [
      'ordersPerSecond',
      'p50Ms',
      'p95Ms',
      'p99Ms',
      'coldStarts',
      'costPerMillionOrdersUsd',
      'cpuMsPerOrder',
      'mainThreadBusyPercent',
      'mainThreadCpuMsPerOrder',
    ])
      expect(report[key], key).toBeGreaterThan(0);
    expect(report.mainThreadBusyPercent).toBeLessThanOrEqual(100);
    expect(report.mainThreadCpuMsPerOrder).toBeLessThan(report.cpuMsPerOrder);
    expect(report.visibilityTimeoutWaits).toBe(0);
    // Every order is placed through the HTTP API, runs a saga and sends its customer mail.
    expect(report.usagePerOrder).toMatchObject({ httpApiRequests: 1 });
    expect(report.usagePerOrder.stateTransitions).toBeGreaterThan(0);
    expect(report.usagePerOrder.emails).toBeGreaterThanOrEqual(1);
    expect(report.usagePerOrder.dynamoDbWriteUnits).toBeGreaterThan(0);
    expect(Object.keys(report.breakdownPerOrder)).toEqual([
      'queueWaitMs',
      'batchingWindowMs',
      'coldStartMs',
      'handlerMs',
      'emulatorMs',
    ]);
    // A whole cloud starts and stops in a child process: on a loaded machine that alone can pass
    // the default minute.
  }, 180_000);
});
