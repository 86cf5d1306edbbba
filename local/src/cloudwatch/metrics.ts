import {
  invalidNextToken,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  validationError,
} from './errors.ts';
import {
  type Input,
  pageOf,
  readDimensions,
  readInteger,
  readList,
  readNumber,
  readString,
  readStringList,
  readStructure,
  readTimestamp,
  readUnit,
  requireString,
} from './input.ts';
import { isPercentile, requireStatistic, STANDARD_STATISTICS, statisticOf } from './statistics.ts';
import type { CloudWatchStore, MetricIdentity, Sample } from './store.ts';

const MAX_METRIC_DATA = 1000;
const MAX_VALUES = 150;
/** CloudWatch's range for a value: about ±2^360; NaN and infinities are refused. */
const MAX_MAGNITUDE = 2 ** 360;
const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
const TWO_HOURS_MS = 2 * 3600 * 1000;
const MAX_DATAPOINTS_PER_STATISTICS_CALL = 1440;
const MAX_QUERIES = 500;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
const LIST_PAGE_SIZE = 500;

/**
 * CloudWatch metrics: PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics over the
 * store, with AWS's limits and errors. A metric is its namespace, name and exact dimension set;
 * statistics are computed per period, periods starting at multiples of the period since the epoch.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html
 */
export class Metrics {
  readonly #store: CloudWatchStore;
  readonly #clock: () => number;

  constructor(store: CloudWatchStore, clock: () => number) {
    this.#store = store;
    this.#clock = clock;
  }

  /** A metric the local cloud's own services publish (`AWS/SQS`, `AWS/Lambda`, ...), or an EMF metric. */
  publish(metric: MetricIdentity, value: number, unit?: string, timestamp = this.#clock()): void {
    this.#store.putSamples(metric, [
      { timestamp, sampleCount: 1, sum: value, minimum: value, maximum: value, unit, values: [[value, 1]] },
    ]);
  }

  /** Several values of one metric at one time (an EMF line's list of values). */
  publishValues(metric: MetricIdentity, values: readonly number[], unit: string | undefined, timestamp: number): void {
    const now = this.#clock();
    if (values.length === 0 || timestamp < now - TWO_WEEKS_MS || timestamp > now + TWO_HOURS_MS) return;
    this.#store.putSamples(metric, [
      {
        timestamp,
        sampleCount: values.length,
        sum: values.reduce((sum, value) => sum + value, 0),
        minimum: Math.min(...values),
        maximum: Math.max(...values),
        unit,
        values: values.map((value): [number, number] => [value, 1]),
      },
    ]);
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html */
  putMetricData(input: Input): Record<string, never> {
    const namespace = requireString(input, 'Namespace', 255);
    if (namespace.startsWith('AWS/')) {
      throw invalidParameterValue(`The value ${namespace} for parameter Namespace is invalid.`);
    }
    const entries = readList(input, 'MetricData', MAX_METRIC_DATA);
    if (!entries || entries.length === 0) throw missingParameter('MetricData');
    const now = this.#clock();
    const prepared = entries.map((raw, index) => {
      const label = `MetricData.member.${index + 1}`;
      const entry = readStructure(raw, label);
      const metric: MetricIdentity = {
        namespace,
        metricName: requireString(entry, 'MetricName', 255, `${label}.MetricName`),
        dimensions: readDimensions(entry, 'Dimensions', `${label}.Dimensions`),
      };
      const timestamp = readTimestamp(entry, 'Timestamp', `${label}.Timestamp`) ?? now;
      if (timestamp < now - TWO_WEEKS_MS) {
        throw invalidParameterValue(
          `The parameter ${label}.Timestamp must specify a time no more than two weeks in the past.`,
        );
      }
      if (timestamp > now + TWO_HOURS_MS) {
        throw invalidParameterValue(
          `The parameter ${label}.Timestamp must specify a time no more than two hours in the future.`,
        );
      }
      const unit = readUnit(entry, 'Unit', `${label}.Unit`);
      readInteger(entry, 'StorageResolution', { min: 1, max: 60 }, `${label}.StorageResolution`);
      return { metric, sample: readSample(entry, label, timestamp, unit) };
    });
    for (const { metric, sample } of prepared) this.#store.putSamples(metric, [sample]);
    return {};
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html */
  getMetricStatistics(input: Input) {
    const metric: MetricIdentity = {
      namespace: requireString(input, 'Namespace', 255),
      metricName: requireString(input, 'MetricName', 255),
      dimensions: readDimensions(input, 'Dimensions'),
    };
    const start = requireTimestamp(input, 'StartTime');
    const end = requireTimestamp(input, 'EndTime');
    const period = requirePeriod(input, 'Period');
    const statistics = readStringList(input, 'Statistics', 5) ?? [];
    const extended = readStringList(input, 'ExtendedStatistics', 10) ?? [];
    if (statistics.length === 0 && extended.length === 0) {
      throw missingParameter('Statistics or ExtendedStatistics');
    }
    if (statistics.length > 0 && extended.length > 0) {
      throw invalidParameterCombination('The parameters Statistics and ExtendedStatistics are mutually exclusive.');
    }
    for (const statistic of statistics) {
      if (!(STANDARD_STATISTICS as readonly string[]).includes(statistic)) {
        throw invalidParameterValue(`The value ${statistic} for parameter Statistics is not a valid statistic.`);
      }
    }
    for (const statistic of extended) {
      if (!isPercentile(statistic)) requireStatistic('ExtendedStatistics', statistic);
    }
    if (start >= end) throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
    const periodMs = period * 1000;
    const requested = Math.ceil((end - start) / periodMs);
    if (requested > MAX_DATAPOINTS_PER_STATISTICS_CALL) {
      throw invalidParameterCombination(
        `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS_PER_STATISTICS_CALL}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
      );
    }
    const unit = readUnit(input);
    const buckets = this.#store.aggregate(metric, { start: alignDown(start, periodMs), end, periodMs, unit });
    const datapoints = [...buckets].map(([periodStart, bucket]) => {
      const point: Record<string, unknown> = { Timestamp: new Date(periodStart) };
      for (const statistic of statistics) point[statistic] = statisticOf(bucket, statistic);
      if (extended.length > 0) {
        point.ExtendedStatistics = Object.fromEntries(
          extended
            .map((statistic) => [statistic, statisticOf(bucket, statistic)])
            .filter(([, value]) => value !== undefined),
        );
      }
      point.Unit = unit ?? bucket.unit ?? 'None';
      return point;
    });
    return { Label: metric.metricName, Datapoints: datapoints };
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html */
  getMetricData(input: Input) {
    const start = requireTimestamp(input, 'StartTime');
    const end = requireTimestamp(input, 'EndTime');
    if (start >= end) throw validationError('The parameter StartTime must be less than the parameter EndTime.');
    if (input.NextToken !== undefined && input.NextToken !== null) throw invalidNextToken();
    const scanBy = readString(input, 'ScanBy') ?? 'TimestampDescending';
    if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
      throw validationError(`The value ${scanBy} for parameter ScanBy is invalid.`);
    }
    const maxDatapoints = readInteger(input, 'MaxDatapoints', { min: 1, max: 100_800 }) ?? 100_800;
    const queries = readList(input, 'MetricDataQueries', MAX_QUERIES);
    if (!queries || queries.length === 0) throw missingParameter('MetricDataQueries');
    const ids = new Set<string>();
    const parsed = queries.map((raw, index) => {
      const label = `MetricDataQueries.member.${index + 1}`;
      const query = readStructure(raw, label);
      const id = requireString(query, 'Id', 255, `${label}.Id`);
      if (!QUERY_ID.test(id)) {
        throw validationError(
          `The value ${id} for parameter ${label}.Id is invalid: it must start with a lower-case letter and hold only letters, digits and underscores.`,
        );
      }
      if (ids.has(id)) throw validationError(`The value ${id} for parameter ${label}.Id is not unique.`);
      ids.add(id);
      if (query.Expression !== undefined) {
        throw validationError(
          `${label}.Expression: the local cloud does not evaluate metric math; query metrics with MetricStat.`,
        );
      }
      if (query.MetricStat === undefined) throw missingParameter(`${label}.MetricStat`);
      const stat = readStructure(query.MetricStat, `${label}.MetricStat`);
      const metricInput = readStructure(stat.Metric, `${label}.MetricStat.Metric`);
      const metric: MetricIdentity = {
        namespace: requireString(metricInput, 'Namespace', 255, `${label}.MetricStat.Metric.Namespace`),
        metricName: requireString(metricInput, 'MetricName', 255, `${label}.MetricStat.Metric.MetricName`),
        dimensions: readDimensions(metricInput, 'Dimensions', `${label}.MetricStat.Metric.Dimensions`),
      };
      return {
        id,
        metric,
        label: readString(query, 'Label') ?? metric.metricName,
        period: requirePeriod(stat, 'Period', `${label}.MetricStat.Period`),
        statistic: requireStatistic(`${label}.MetricStat.Stat`, stat.Stat),
        unit: readUnit(stat, 'Unit', `${label}.MetricStat.Unit`),
        returnData: query.ReturnData !== false,
      };
    });
    let budget = maxDatapoints;
    const results = parsed
      .filter((query) => query.returnData)
      .map((query) => {
        const periodMs = query.period * 1000;
        const buckets = this.#store.aggregate(query.metric, {
          start: alignDown(start, periodMs),
          end,
          periodMs,
          unit: query.unit,
        });
        const points = [...buckets]
          .map(([timestamp, bucket]) => [timestamp, statisticOf(bucket, query.statistic)] as const)
          .filter((point): point is readonly [number, number] => point[1] !== undefined)
          .sort(([a], [b]) => (scanBy === 'TimestampAscending' ? a - b : b - a))
          .slice(0, Math.max(0, budget));
        budget -= points.length;
        return {
          Id: query.id,
          Label: query.label,
          Timestamps: points.map(([timestamp]) => new Date(timestamp)),
          Values: points.map(([, value]) => value),
          StatusCode: 'Complete',
        };
      });
    return { MetricDataResults: results, Messages: [] };
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html */
  listMetrics(input: Input) {
    const namespace = readString(input, 'Namespace', { max: 255 });
    const metricName = readString(input, 'MetricName', { max: 255 });
    const filters = readDimensions(input, 'Dimensions', 'Dimensions', false).map((filter, index) => ({
      ...filter,
      valueGiven: readStructure((input.Dimensions as unknown[])[index], 'Dimensions').Value !== undefined,
    }));
    const recentlyActive = readString(input, 'RecentlyActive');
    if (recentlyActive !== undefined && recentlyActive !== 'PT3H') {
      throw invalidParameterValue(`The value ${recentlyActive} for parameter RecentlyActive is invalid.`);
    }
    const since = this.#clock() - (recentlyActive ? 3 * 3600 * 1000 : TWO_WEEKS_MS);
    const metrics = this.#store
      .listMetrics(since)
      .filter(
        (metric) =>
          (namespace === undefined || metric.namespace === namespace) &&
          (metricName === undefined || metric.metricName === metricName) &&
          filters.every((filter) =>
            metric.dimensions.some(
              (dimension) => dimension.Name === filter.Name && (!filter.valueGiven || dimension.Value === filter.Value),
            ),
          ),
      );
    const { page, nextToken } = pageOf(metrics, input.NextToken, LIST_PAGE_SIZE, invalidNextToken);
    return {
      Metrics: page.map((metric) => ({
        Namespace: metric.namespace,
        MetricName: metric.metricName,
        Dimensions: metric.dimensions,
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  /** A metric's statistic per period over a range (the alarm evaluator's and the console's reads). */
  series(
    metric: MetricIdentity,
    range: { start: number; end: number; periodMs: number; statistic: string; unit?: string },
  ) {
    const buckets = this.#store.aggregate(metric, range);
    return new Map(
      [...buckets].map(([timestamp, bucket]) => [
        timestamp,
        { value: statisticOf(bucket, range.statistic), sampleCount: bucket.sampleCount },
      ]),
    );
  }
}

/** One PutMetricData entry's datapoint: exactly one of Value, Values (with Counts) or StatisticValues. */
function readSample(entry: Input, label: string, timestamp: number, unit: string | undefined): Sample {
  const given = ['Value', 'Values', 'StatisticValues'].filter(
    (name) => entry[name] !== undefined && entry[name] !== null,
  );
  if (given.length > 1) {
    throw invalidParameterCombination(
      `The parameters ${label}.${given[0]} and ${label}.${given[1]} are mutually exclusive and you have specified both.`,
    );
  }
  if (entry.StatisticValues !== undefined && entry.StatisticValues !== null) {
    const set = readStructure(entry.StatisticValues, `${label}.StatisticValues`);
    const read = (name: string) => {
      const value = requireValue(
        readNumber(set, name, `${label}.StatisticValues.${name}`),
        `${label}.StatisticValues.${name}`,
      );
      return value;
    };
    const sampleCount = read('SampleCount');
    if (sampleCount <= 0)
      throw invalidParameterValue(`The parameter ${label}.StatisticValues.SampleCount must be greater than 0.`);
    const minimum = read('Minimum');
    const maximum = read('Maximum');
    if (minimum > maximum)
      throw invalidParameterValue(`The parameter ${label}.StatisticValues.Minimum must not exceed Maximum.`);
    return { timestamp, sampleCount, sum: read('Sum'), minimum, maximum, unit, values: undefined };
  }
  if (entry.Values !== undefined && entry.Values !== null) {
    const values = (readList(entry, 'Values', MAX_VALUES, `${label}.Values`) ?? []).map((value, index) =>
      checkValue(value, `${label}.Values.member.${index + 1}`),
    );
    const counts = readList(entry, 'Counts', MAX_VALUES, `${label}.Counts`)?.map((count, index) => {
      const number = checkValue(count, `${label}.Counts.member.${index + 1}`);
      if (number < 0)
        throw invalidParameterValue(
          `The value ${number} for parameter ${label}.Counts.member.${index + 1} is invalid.`,
        );
      return number;
    });
    if (counts && counts.length !== values.length) {
      throw invalidParameterValue(`The parameters ${label}.Values and ${label}.Counts must be of the same size.`);
    }
    if (values.length === 0) throw missingParameter(`${label}.Values`);
    const pairs = values.map((value, index): [number, number] => [value, counts?.[index] ?? 1]);
    return {
      timestamp,
      sampleCount: pairs.reduce((sum, [, count]) => sum + count, 0),
      sum: pairs.reduce((sum, [value, count]) => sum + value * count, 0),
      minimum: Math.min(...values),
      maximum: Math.max(...values),
      unit,
      values: pairs,
    };
  }
  const value = requireValue(
    entry.Value === undefined || entry.Value === null ? undefined : checkValue(entry.Value, `${label}.Value`),
    `${label}.Value`,
  );
  return { timestamp, sampleCount: 1, sum: value, minimum: value, maximum: value, unit, values: [[value, 1]] };
}

function checkValue(value: unknown, label: string): number {
  const number = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(number) || Math.abs(number) > MAX_MAGNITUDE) {
    throw invalidParameterValue(`The value ${String(value)} for parameter ${label} is invalid.`);
  }
  return number;
}

function requireValue(value: number | undefined, label: string): number {
  if (value === undefined) throw missingParameter(label);
  return value;
}

function requireTimestamp(input: Input, name: string): number {
  const value = readTimestamp(input, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

/** A period: 1, 5, 10, 20, 30 or a multiple of 60 seconds. */
export function requirePeriod(input: Input, name: string, label = name): number {
  const period = readNumber(input, name, label);
  if (period === undefined) throw missingParameter(label);
  if (!Number.isInteger(period) || period < 1 || !([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)) {
    throw invalidParameterValue(
      `The parameter ${label} must be 1, 5, 10, 20, 30, or a multiple of 60 (got ${period}).`,
    );
  }
  return period;
}

function alignDown(time: number, periodMs: number): number {
  return Math.floor(time / periodMs) * periodMs;
}
