import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEmf } from './emf.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

describe('metrics from embedded metric format log lines', () => {
  it('extracts the example of the EMF specification', () => {
    // The "Example" of the EMF specification, with its values.
    const line = JSON.stringify({
      _aws: {
        Timestamp: 1574109732004,
        CloudWatchMetrics: [
          {
            Namespace: 'lambda-function-metrics',
            Dimensions: [['functionVersion']],
            Metrics: [{ Name: 'time', Unit: 'Milliseconds', StorageResolution: 60 }],
          },
        ],
      },
      functionVersion: '$LATEST',
      time: 100,
      requestId: '989ffbf8-9ace-4817-a57c-e4dd734019ee',
    });
    expect(extractEmf(line, NOW)).toEqual([
      {
        metric: {
          namespace: 'lambda-function-metrics',
          metricName: 'time',
          dimensions: [{ Name: 'functionVersion', Value: '$LATEST' }],
        },
        values: [100],
        unit: 'Milliseconds',
        timestamp: 1574109732004,
      },
    ]);
  });

  it('makes one metric per dimension set, and takes a list of values', () => {
    const line = JSON.stringify({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [
          {
            Namespace: 'Shop/Orders',
            Dimensions: [['service'], ['service', 'reason']],
            Metrics: [{ Name: 'OrdersCancelled', Unit: 'Count' }],
          },
        ],
      },
      service: 'orders',
      reason: 'PAYMENT_DECLINED',
      OrdersCancelled: [1, 1],
    });
    expect(extractEmf(line, NOW).map((point) => [point.metric.dimensions, point.values])).toEqual([
      [[{ Name: 'service', Value: 'orders' }], [1, 1]],
      [
        [
          { Name: 'reason', Value: 'PAYMENT_DECLINED' },
          { Name: 'service', Value: 'orders' },
        ],
        [1, 1],
      ],
    ]);
  });

  it('rejects lines that break the specification', () => {
    const valid = {
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['service']], Metrics: [{ Name: 'n' }] }],
      },
      service: 'orders',
      n: 1,
    };
    expect(extractEmf(JSON.stringify(valid), NOW)).toHaveLength(1);
    const broken = [
      { ...valid, n: 'one' },
      { ...valid, service: 42 },
      { ...valid, _aws: { ...valid._aws, Timestamp: 'now' } },
      {
        ...valid,
        _aws: { ...valid._aws, CloudWatchMetrics: [{ ...valid._aws.CloudWatchMetrics[0], Namespace: 'AWS/Lambda' }] },
      },
      {
        ...valid,
        _aws: {
          ...valid._aws,
          CloudWatchMetrics: [{ ...valid._aws.CloudWatchMetrics[0], Metrics: [{ Name: 'n', Unit: 'Parsecs' }] }],
        },
      },
    ];
    for (const line of broken) expect(extractEmf(JSON.stringify(line), NOW), JSON.stringify(line)).toEqual([]);
    expect(extractEmf(`2026-12-05T12:00:00Z\trequest\tINFO\t${JSON.stringify(valid)}`, NOW)).toEqual([]);
  });

  it('never throws on any input, and only yields finite numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((json) => `{"_aws":${json}}`),
          fc.json(),
        ),
        (line) => {
          for (const point of extractEmf(line, NOW)) expect(point.values.every(Number.isFinite)).toBe(true);
        },
      ),
    );
  });
});
