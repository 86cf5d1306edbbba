import { describe, expect, it } from 'vitest';
import { type AlarmRule, evaluateAlarm, type PeriodValue, type TreatMissingData } from './alarm-evaluation.ts';
import type { AlarmStateValue } from './store.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

function rule(overrides: Partial<AlarmRule> = {}): AlarmRule {
  return {
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    treatMissingData: 'missing',
    statistic: 'Maximum',
    period: 60,
    ...overrides,
  };
}

/** `0 - X - X`, oldest first as AWS's tables write it: X breaches (1), 0 does not, - is missing. */
function periods(pattern: string): PeriodValue[] {
  const symbols = pattern.split(' ');
  return symbols
    .map((symbol, index) => ({
      start: NOW - (symbols.length - index) * 60_000,
      value: symbol === 'X' ? 1 : symbol === '0' ? 0 : undefined,
    }))
    .reverse();
}

function stateOf(pattern: string, treatMissingData: TreatMissingData, current: AlarmStateValue = 'OK') {
  return evaluateAlarm(rule({ treatMissingData }), periods(pattern), current, NOW).state;
}

describe('alarm evaluation with 3 datapoints to alarm out of 5 periods', () => {
  // The table in "Configuring how CloudWatch alarms treat missing data" (AWS CloudWatch user guide).
  it.each([
    ['0 - X - X', 'OK', 'OK', 'ALARM', 'OK'],
    ['0 - - - -', 'OK', 'OK', 'ALARM', 'OK'],
    ['- - - - -', 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'],
    ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
    ['- - X - -', 'ALARM', 'retain', 'ALARM', 'OK'],
  ])(
    '%s is %s when missing, %s when ignored, %s when breaching, %s when not breaching',
    (pattern, missing, ignore, breaching, notBreaching) => {
      expect(stateOf(pattern, 'missing')).toBe(missing);
      for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const) {
        expect(stateOf(pattern, 'ignore', current)).toBe(ignore === 'retain' ? current : ignore);
      }
      expect(stateOf(pattern, 'breaching')).toBe(breaching);
      expect(stateOf(pattern, 'notBreaching')).toBe(notBreaching);
    },
  );

  it('needs M breaching datapoints, not consecutive ones', () => {
    expect(stateOf('X 0 X 0 X', 'missing')).toBe('ALARM');
    expect(stateOf('X 0 X 0 0', 'missing')).toBe('OK');
  });
});

describe('alarm evaluation of a single period', () => {
  const single = (value: number | undefined, overrides: Partial<AlarmRule> = {}) =>
    evaluateAlarm(
      rule({ evaluationPeriods: 1, datapointsToAlarm: 1, ...overrides }),
      [{ start: NOW - 60_000, value, ...(value === undefined ? {} : { sampleCount: 3 }) }],
      'OK',
      NOW,
    );

  it('compares with each operator as its name says', () => {
    expect(single(5, { comparison: 'GreaterThanOrEqualToThreshold', threshold: 5 }).state).toBe('ALARM');
    expect(single(5, { comparison: 'GreaterThanThreshold', threshold: 5 }).state).toBe('OK');
    expect(single(5, { comparison: 'LessThanOrEqualToThreshold', threshold: 5 }).state).toBe('ALARM');
    expect(single(5, { comparison: 'LessThanThreshold', threshold: 5 }).state).toBe('OK');
    expect(single(4, { comparison: 'LessThanThreshold', threshold: 5 }).state).toBe('ALARM');
  });

  it('writes the reason and reason data the way CloudWatch does', () => {
    const evaluation = single(2);
    expect(evaluation.reason).toBe(
      'Threshold Crossed: 1 datapoint [2.0 (05/12/26 11:59:00)] was greater than the threshold (0.0).',
    );
    expect(JSON.parse(evaluation.reasonData)).toEqual({
      version: '1.0',
      queryDate: '2026-12-05T12:00:00.000+0000',
      startDate: '2026-12-05T11:59:00.000+0000',
      statistic: 'Maximum',
      period: 60,
      recentDatapoints: [2],
      threshold: 0,
      evaluatedDatapoints: [{ timestamp: '2026-12-05T11:59:00.000+0000', sampleCount: 3, value: 2 }],
    });
  });

  it('calls a missing datapoint insufficient data by default', () => {
    const evaluation = single(undefined);
    expect(evaluation.state).toBe('INSUFFICIENT_DATA');
    expect(evaluation.reason).toBe('Insufficient Data: 1 datapoint was unknown.');
  });

  it('counts a missing datapoint as good when told it is not breaching, and says so as AWS does', () => {
    const evaluation = single(undefined, { treatMissingData: 'notBreaching' });
    expect(evaluation.state).toBe('OK');
    expect(evaluation.reason).toBe(
      'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
    );
  });
});
