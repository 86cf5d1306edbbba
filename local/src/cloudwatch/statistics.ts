import { invalidParameterValue } from './errors.ts';

/** The samples of one metric in one period: CloudWatch's statistic set, plus the values for percentiles. */
export interface Bucket {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Raw values with their counts, when every sample in the period came with its value. */
  values: Array<[value: number, count: number]> | undefined;
}

export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type StandardStatistic = (typeof STANDARD_STATISTICS)[number];

const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100)$/;

export function isStandardStatistic(name: string): name is StandardStatistic {
  return (STANDARD_STATISTICS as readonly string[]).includes(name);
}

/** `p99`, `p99.9`, `p50`: the percentiles the local cloud computes (AWS has more extended statistics). */
export function isPercentile(name: string): boolean {
  return PERCENTILE.test(name);
}

/** Refuses a statistic the local cloud does not compute, naming the parameter. */
export function requireStatistic(parameter: string, name: unknown): string {
  if (typeof name !== 'string' || !(isStandardStatistic(name) || isPercentile(name))) {
    throw invalidParameterValue(
      `The value ${String(name)} for parameter ${parameter} is not supported. The local cloud computes ${STANDARD_STATISTICS.join(', ')} and percentiles (p0-p100).`,
    );
  }
  return name;
}

export function emptyBucket(): Bucket {
  return { sampleCount: 0, sum: 0, minimum: Number.POSITIVE_INFINITY, maximum: Number.NEGATIVE_INFINITY, values: [] };
}

export function addToBucket(
  bucket: Bucket,
  sample: {
    sampleCount: number;
    sum: number;
    minimum: number;
    maximum: number;
    values: ReadonlyArray<[number, number]> | undefined;
  },
): void {
  bucket.sampleCount += sample.sampleCount;
  bucket.sum += sample.sum;
  bucket.minimum = Math.min(bucket.minimum, sample.minimum);
  bucket.maximum = Math.max(bucket.maximum, sample.maximum);
  if (bucket.values && sample.values) bucket.values.push(...sample.values);
  else bucket.values = undefined;
}

/** One statistic of a period's samples; undefined when it cannot be computed (a percentile of statistic sets). */
export function statisticOf(bucket: Bucket, statistic: string): number | undefined {
  switch (statistic) {
    case 'SampleCount':
      return bucket.sampleCount;
    case 'Sum':
      return bucket.sum;
    case 'Minimum':
      return bucket.minimum;
    case 'Maximum':
      return bucket.maximum;
    case 'Average':
      return bucket.sampleCount === 0 ? undefined : bucket.sum / bucket.sampleCount;
    default:
      return percentileOf(bucket, Number(statistic.slice(1)));
  }
}

/** The nearest-rank percentile of the period's values, weighted by their counts. */
function percentileOf(bucket: Bucket, percent: number): number | undefined {
  if (!bucket.values || bucket.values.length === 0) return undefined;
  const sorted = [...bucket.values].sort(([a], [b]) => a - b);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (seen >= rank) return value;
  }
  return sorted[sorted.length - 1]?.[0];
}
