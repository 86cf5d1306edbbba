import type { OutgoingEmail } from './ports.ts';

/**
 * The `detail` of the event CloudWatch sends to EventBridge when an alarm changes state
 * (`aws.cloudwatch` / `CloudWatch Alarm State Change`), as far as an operator mail needs it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export interface AlarmStateChange {
  readonly alarmName: string;
  readonly state: { readonly value: AlarmState; readonly reason: string; readonly timestamp: string };
  readonly previousState: { readonly value: AlarmState };
  readonly configuration?: { readonly description?: string };
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

const STATES: readonly string[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** Reads an alarm state change out of an event's `detail`; undefined when it is not one. */
export function parseAlarmStateChange(detail: unknown): AlarmStateChange | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const { alarmName, state, previousState, configuration } = detail as Record<string, unknown>;
  const stateOf = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const current = stateOf(state);
  const previous = stateOf(previousState);
  if (typeof alarmName !== 'string' || alarmName === '') return undefined;
  if (!current || !STATES.includes(String(current.value)) || typeof current.reason !== 'string') return undefined;
  if (!previous || !STATES.includes(String(previous.value))) return undefined;
  const description = stateOf(configuration)?.description;
  return {
    alarmName,
    state: {
      value: current.value as AlarmState,
      reason: current.reason,
      timestamp: typeof current.timestamp === 'string' ? current.timestamp : '',
    },
    previousState: { value: previous.value as AlarmState },
    ...(typeof description === 'string' ? { configuration: { description } } : {}),
  };
}

/**
 * Whether operators hear of a change: an alarm that fires, and one that recovers from firing.
 * INSUFFICIENT_DATA comes and goes with traffic (a new alarm, a quiet night) and is not news.
 */
export function isNewsForOperators(change: AlarmStateChange): boolean {
  return change.state.value === 'ALARM' || (change.state.value === 'OK' && change.previousState.value === 'ALARM');
}

/** The operator mail for one alarm state change, in the manner of CloudWatch's own alarm mails. */
export function composeAlarmMail(
  change: AlarmStateChange,
  context: { readonly from: string; readonly to: string; readonly region: string; readonly account: string },
): OutgoingEmail {
  const { alarmName, state, previousState } = change;
  const lines = [
    `The alarm "${alarmName}" in ${context.region} (account ${context.account}) went from ${previousState.value} to ${state.value}${state.timestamp ? ` at ${state.timestamp}` : ''}.`,
    '',
    `Why: ${state.reason}`,
  ];
  if (change.configuration?.description)
    lines.push('', `What it watches, and what to do: ${change.configuration.description}`);
  lines.push('', `Its history: aws cloudwatch describe-alarm-history --alarm-name ${alarmName}`);
  return {
    from: context.from,
    to: context.to,
    subject: `${state.value}: "${alarmName}" in ${context.region}`,
    text: lines.join('\n'),
    tags: { kind: 'operator-alert', state: state.value },
  };
}
