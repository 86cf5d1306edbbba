import { describe, expect, it } from 'vitest';
import { composeAlarmMail, isNewsForOperators, parseAlarmStateChange } from './alarm-mail.ts';

// The detail of an alarm state change event, as CloudWatch documents it (trimmed).
const detail = {
  alarmName: 'shop-payments-dev-payment-dlq-not-empty',
  state: {
    value: 'ALARM',
    reason: 'Threshold Crossed: 1 datapoint [1.0 (05/12/26 17:40:00)] was greater than the threshold (0.0).',
    reasonData: '{"version":"1.0"}',
    timestamp: '2026-12-05T17:41:06.211+0000',
  },
  previousState: { value: 'OK', reason: 'Threshold Crossed: ...', timestamp: '2026-12-05T17:30:06.211+0000' },
  configuration: { description: 'A message is waiting in a dead-letter queue.', metrics: [] },
};

describe('the operator mail for an alarm', () => {
  it('reads the state change CloudWatch sends and refuses anything else', () => {
    expect(parseAlarmStateChange(detail)).toEqual({
      alarmName: detail.alarmName,
      state: { value: 'ALARM', reason: detail.state.reason, timestamp: detail.state.timestamp },
      previousState: { value: 'OK' },
      configuration: { description: 'A message is waiting in a dead-letter queue.' },
    });
    for (const bad of [
      undefined,
      null,
      'x',
      {},
      { ...detail, alarmName: '' },
      { ...detail, state: { value: 'RED', reason: '' } },
    ]) {
      expect(parseAlarmStateChange(bad)).toBeUndefined();
    }
  });

  it('tells of alarms that fire and recover, not of missing data coming and going', () => {
    const change = (from: string, to: string) =>
      parseAlarmStateChange({ ...detail, state: { ...detail.state, value: to }, previousState: { value: from } });
    expect(isNewsForOperators(change('OK', 'ALARM') as never)).toBe(true);
    expect(isNewsForOperators(change('INSUFFICIENT_DATA', 'ALARM') as never)).toBe(true);
    expect(isNewsForOperators(change('ALARM', 'OK') as never)).toBe(true);
    expect(isNewsForOperators(change('INSUFFICIENT_DATA', 'OK') as never)).toBe(false);
    expect(isNewsForOperators(change('OK', 'INSUFFICIENT_DATA') as never)).toBe(false);
  });

  it('says which alarm, why, and what to do', () => {
    const change = parseAlarmStateChange(detail);
    if (!change) throw new Error('unparsed');
    const mail = composeAlarmMail(change, {
      from: 'shop@x',
      to: 'ops@x',
      region: 'eu-west-1',
      account: '123456789012',
    });
    expect(mail.subject).toBe('ALARM: "shop-payments-dev-payment-dlq-not-empty" in eu-west-1');
    expect(mail.to).toBe('ops@x');
    expect(mail.text).toContain('went from OK to ALARM at 2026-12-05T17:41:06.211+0000');
    expect(mail.text).toContain(`Why: ${detail.state.reason}`);
    expect(mail.text).toContain('A message is waiting in a dead-letter queue.');
    expect(mail.tags).toEqual({ kind: 'operator-alert', state: 'ALARM' });
  });
});
