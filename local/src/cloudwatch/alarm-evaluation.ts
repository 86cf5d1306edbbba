import type { AlarmStateValue } from './store.ts';

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';
export const TREAT_MISSING_DATA: readonly TreatMissingData[] = ['breaching', 'notBreaching', 'ignore', 'missing'];

/** One period of the evaluation range: its start and the statistic's value, if there was data. */
export interface PeriodValue {
  readonly start: number;
  readonly value: number | undefined;
  readonly sampleCount?: number;
}

export interface AlarmRule {
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  readonly statistic: string;
  /** The period in seconds as the alarm declares it (reason data reports it). */
  readonly period: number;
}

export interface Evaluation {
  /** The state the datapoints call for; the current state when they decide nothing. */
  readonly state: AlarmStateValue;
  readonly reason: string;
  readonly reasonData: string;
}

const COMPARISON_TEXT: Readonly<Record<ComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export function breaches(comparison: ComparisonOperator, value: number, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

/**
 * Evaluates a metric alarm over its evaluation range (the last `EvaluationPeriods` periods,
 * newest first), as CloudWatch does: "M out of N" datapoints breaching (`DatapointsToAlarm`) put
 * it in ALARM, otherwise OK; and missing periods count as `TreatMissingData` says:
 * - `breaching` / `notBreaching`: a missing period is a breaching / good datapoint;
 * - `missing` (the default): only the datapoints present count; with fewer than M present, ALARM
 *   when all of them breach, OK otherwise; with none at all, INSUFFICIENT_DATA;
 * - `ignore`: as `missing`, except that no datapoints, or fewer than M all breaching, leave the
 *   state as it is.
 * (AWS also looks back past N periods for `missing` and `ignore`; the local cloud does not.)
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 */
export function evaluateAlarm(
  rule: AlarmRule,
  periods: readonly PeriodValue[],
  current: AlarmStateValue,
  now: number,
): Evaluation {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  const present = periods.filter((period): period is PeriodValue & { value: number } => period.value !== undefined);
  const missing = n - present.length;
  const breachingPresent = present.filter((period) => breaches(rule.comparison, period.value, rule.threshold));
  const goodPresent = present.filter((period) => !breaches(rule.comparison, period.value, rule.threshold));
  const breaching = breachingPresent.length + (rule.treatMissingData === 'breaching' ? missing : 0);
  const good = goodPresent.length + (rule.treatMissingData === 'notBreaching' ? missing : 0);
  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: awsTime(now),
    startDate: awsTime(periods[periods.length - 1]?.start ?? now),
    statistic: rule.statistic,
    period: rule.period,
    recentDatapoints: present.map((period) => period.value),
    threshold: rule.threshold,
    evaluatedDatapoints: present.map((period) => ({
      timestamp: awsTime(period.start),
      ...(period.sampleCount === undefined ? {} : { sampleCount: period.sampleCount }),
      value: period.value,
    })),
  });
  const comparison = COMPARISON_TEXT[rule.comparison];
  const list = (of: readonly PeriodValue[]) =>
    `[${of.map((period) => `${javaDouble(period.value ?? 0)} (${reasonTime(period.start)})`).join(', ')}]`;

  const countsMissing = rule.treatMissingData === 'breaching' || rule.treatMissingData === 'notBreaching';
  if (!countsMissing && present.length === 0) {
    if (rule.treatMissingData === 'ignore')
      return unchanged(current, 'no datapoints and missing data is ignored', reasonData);
    return {
      state: 'INSUFFICIENT_DATA',
      reason: `Insufficient Data: ${n} datapoint${n === 1 ? ' was' : 's were'} unknown.`,
      reasonData,
    };
  }
  if (countsMissing && present.length === 0) {
    // AWS's words when every datapoint is missing and the alarm says how to treat them.
    const treated = rule.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching';
    return {
      state: rule.treatMissingData === 'breaching' ? 'ALARM' : 'OK',
      reason: `Threshold Crossed: no datapoints were received for ${n} period${n === 1 ? '' : 's'} and ${n} missing datapoint${n === 1 ? ' was' : 's were'} treated as [${treated}].`,
      reasonData,
    };
  }
  const fewerThanM = !countsMissing && present.length < m;
  const alarm = fewerThanM ? goodPresent.length === 0 : breaching >= m;
  if (alarm && fewerThanM && rule.treatMissingData === 'ignore') {
    return unchanged(current, 'too few datapoints to alarm and missing data is ignored', reasonData);
  }
  if (alarm) {
    const lead =
      n === 1
        ? `1 datapoint ${list(breachingPresent)} was ${comparison}`
        : `${breaching} out of the last ${n} datapoints ${list(breachingPresent)} were ${comparison}`;
    const minimum = n === 1 ? '' : ` (minimum ${m} datapoint${m === 1 ? '' : 's'} for OK -> ALARM transition)`;
    return {
      state: 'ALARM',
      reason: `Threshold Crossed: ${lead} the threshold (${javaDouble(rule.threshold)})${minimum}.`,
      reasonData,
    };
  }
  const lead =
    n === 1
      ? `1 datapoint ${list(goodPresent)} was not ${comparison}`
      : `${good} out of the last ${n} datapoints ${list(goodPresent)} were not ${comparison}`;
  const minimum =
    n === 1 ? '' : ` (minimum ${n - m + 1} datapoint${n - m + 1 === 1 ? '' : 's'} for ALARM -> OK transition)`;
  return {
    state: 'OK',
    reason: `Threshold Crossed: ${lead} the threshold (${javaDouble(rule.threshold)})${minimum}.`,
    reasonData,
  };
}

function unchanged(current: AlarmStateValue, why: string, reasonData: string): Evaluation {
  return { state: current, reason: `Unchanged: ${why}.`, reasonData };
}

/** CloudWatch writes numbers as Java doubles: `1.0`, `0.5`. */
export function javaDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** `2026-12-05T17:41:20.123+0000`, CloudWatch's timestamp format in reasons and events. */
export function awsTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** `05/12/26 17:40:00`, the datapoint time in a state reason. */
function reasonTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${two(date.getUTCFullYear() % 100)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}
