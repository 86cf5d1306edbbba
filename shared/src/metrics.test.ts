import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { createBusinessMetrics } from './metrics.ts';

describe('business metrics through Powertools', () => {
  it('writes one EMF line per datapoint, and one more with its breakdown', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const metrics = createBusinessMetrics(new Metrics({ namespace: 'Shop/Orders', serviceName: 'orders' }));
      metrics.record('OrdersCancelled', 1, 'Count', { reason: 'PAYMENT_DECLINED' });
    } finally {
      spy.mockRestore();
    }
    const emf = lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } });
    expect(emf).toHaveLength(2);
    expect(emf[0]?._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'Shop/Orders', Dimensions: [['service']], Metrics: [{ Name: 'OrdersCancelled', Unit: 'Count' }] },
    ]);
    expect(emf[0]).toMatchObject({ service: 'orders', OrdersCancelled: 1 });
    expect(emf[1]?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Shop/Orders',
        Dimensions: [['service', 'reason']],
        Metrics: [{ Name: 'OrdersCancelled', Unit: 'Count' }],
      },
    ]);
    expect(emf[1]).toMatchObject({ service: 'orders', reason: 'PAYMENT_DECLINED', OrdersCancelled: 1 });
  });
});
