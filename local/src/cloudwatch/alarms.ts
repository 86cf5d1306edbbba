import { randomUUID } from 'node:crypto';
import {
  type AlarmRule,
  awsTime,
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  evaluateAlarm,
  type PeriodValue,
  TREAT_MISSING_DATA,
  type TreatMissingData,
} from './alarm-evaluation.ts';
import { invalidFormat, invalidNextToken, missingParameter, resourceNotFound, validationError } from './errors.ts';
import {
  type Input,
  pageOf,
  readBoolean,
  readDimensions,
  readInteger,
  readNumber,
  readString,
  readStringList,
  readTimestamp,
  readUnit,
  requireString,
} from './input.ts';
import type { Metrics } from './metrics.ts';
import { isPercentile, isStandardStatistic } from './statistics.ts';
import type { AlarmStateValue, CloudWatchStore, Dimension, HistoryItem, MetricIdentity, StoredAlarm } from './store.ts';

/** A metric alarm's configuration, as PutMetricAlarm took it and DescribeAlarms returns it. */
export interface MetricAlarmDefinition {
  readonly AlarmName: string;
  readonly AlarmDescription?: string;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly MetricName: string;
  readonly Namespace: string;
  readonly Statistic?: string;
  readonly ExtendedStatistic?: string;
  readonly Dimensions: readonly Dimension[];
  readonly Period: number;
  readonly Unit?: string;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: ComparisonOperator;
  readonly TreatMissingData?: TreatMissingData;
  readonly EvaluateLowSampleCountPercentile?: string;
}

/** What CloudWatch tells the world when an alarm changes state. */
export interface AlarmStateChange {
  readonly alarmArn: string;
  readonly alarmName: string;
  readonly time: number;
  /** The `detail` of the `CloudWatch Alarm State Change` event (and `alarmData` of a Lambda action). */
  readonly detail: Record<string, unknown>;
}

export interface AlarmsOptions {
  readonly store: CloudWatchStore;
  readonly metrics: Metrics;
  readonly clock: () => number;
  readonly region: string;
  readonly accountId: string;
  /**
   * How many times faster than AWS alarms run locally (1: AWS's timing). A 60-second period
   * lasts 60 / scale seconds, and alarms are evaluated that much more often.
   */
  readonly timeScale: number;
  /** Evaluate on timers at each period boundary (off in tests that drive evaluation). */
  readonly evaluateOnTimer: boolean;
  /** Every state change, for the `aws.cloudwatch` event on the default bus. */
  readonly onStateChange: (change: AlarmStateChange) => void;
  /** Runs a Lambda alarm action: invokes the function asynchronously; throws when it cannot. */
  readonly invokeFunction: (functionArn: string, payload: unknown) => void;
}

const MAX_ACTIONS = 5;
const MAX_ALARM_NAMES = 100;
const ONE_DAY_SECONDS = 86_400;
const ACTION_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:.+$/;
const STATE_VALUES: readonly AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/**
 * CloudWatch metric alarms: configuration (PutMetricAlarm, DescribeAlarms, DeleteAlarms, ...),
 * evaluation at each period boundary over the alarm's metric, state changes with their history,
 * the `CloudWatch Alarm State Change` event and the alarm's actions (Lambda functions, invoked
 * asynchronously with the alarm's payload, as CloudWatch's Lambda alarm actions do).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export class Alarms {
  readonly #options: AlarmsOptions;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(options: AlarmsOptions) {
    if (!(options.timeScale >= 1))
      throw new Error(`CloudWatch time scale must be at least 1 (got ${options.timeScale})`);
    this.#options = options;
    for (const alarm of options.store.listAlarms()) this.#schedule(alarm.name);
  }

  /** Creates or replaces an alarm; a replaced alarm keeps its state, as on AWS. */
  putMetricAlarm(input: Input): Record<string, never> {
    const definition = readAlarmDefinition(input);
    const now = this.#options.clock();
    const existing = this.#options.store.getAlarm(definition.AlarmName);
    this.#options.store.saveAlarm({
      name: definition.AlarmName,
      definition: definition as unknown as Record<string, unknown>,
      state: existing?.state ?? 'INSUFFICIENT_DATA',
      reason: existing?.reason ?? 'Unchecked: Initial alarm creation',
      reasonData: existing?.reasonData,
      stateUpdatedAt: existing?.stateUpdatedAt ?? now,
      stateTransitionedAt: existing?.stateTransitionedAt ?? now,
      configurationUpdatedAt: now,
      actionsEnabled: definition.ActionsEnabled,
    });
    this.#history({
      alarmName: definition.AlarmName,
      timestamp: now,
      type: 'ConfigurationUpdate',
      summary: `Alarm "${definition.AlarmName}" ${existing ? 'updated' : 'created'}`,
      data: JSON.stringify({
        version: '1.0',
        type: existing ? 'Update' : 'Create',
        ...(existing ? { originalConfiguration: existing.definition } : {}),
        updatedConfiguration: definition,
      }),
    });
    this.#schedule(definition.AlarmName);
    return {};
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html */
  describeAlarms(input: Input) {
    const names = readStringList(input, 'AlarmNames', MAX_ALARM_NAMES);
    const prefix = readString(input, 'AlarmNamePrefix', { max: 255 });
    if (names && prefix !== undefined) {
      throw validationError('AlarmNames and AlarmNamePrefix cannot be specified together.');
    }
    const state = readState(input, 'StateValue', false);
    const actionPrefix = readString(input, 'ActionPrefix', { max: 1024 });
    const types = readStringList(input, 'AlarmTypes', 2) ?? ['MetricAlarm'];
    for (const type of types) {
      if (type !== 'MetricAlarm' && type !== 'CompositeAlarm') throw validationError(`Invalid AlarmType ${type}.`);
    }
    const maxRecords = readInteger(input, 'MaxRecords', { min: 1, max: 100 }) ?? 50;
    const alarms = types.includes('MetricAlarm')
      ? this.#options.store.listAlarms().filter((alarm) => {
          const definition = alarm.definition as unknown as MetricAlarmDefinition;
          const actions = [...definition.OKActions, ...definition.AlarmActions, ...definition.InsufficientDataActions];
          return (
            (!names || names.includes(alarm.name)) &&
            (prefix === undefined || alarm.name.startsWith(prefix)) &&
            (state === undefined || alarm.state === state) &&
            (actionPrefix === undefined || actions.some((action) => action.startsWith(actionPrefix)))
          );
        })
      : [];
    const { page, nextToken } = pageOf(alarms, input.NextToken, maxRecords, invalidNextToken);
    return {
      MetricAlarms: page.map((alarm) => this.#describe(alarm)),
      ...(types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmsForMetric.html */
  describeAlarmsForMetric(input: Input) {
    const metricName = requireString(input, 'MetricName', 255);
    const namespace = requireString(input, 'Namespace', 255);
    const dimensions = input.Dimensions === undefined ? undefined : readDimensions(input, 'Dimensions');
    const statistic = readString(input, 'Statistic');
    const extended = readString(input, 'ExtendedStatistic');
    const period = readNumber(input, 'Period');
    const unit = readUnit(input);
    const alarms = this.#options.store.listAlarms().filter((alarm) => {
      const definition = alarm.definition as unknown as MetricAlarmDefinition;
      return (
        definition.MetricName === metricName &&
        definition.Namespace === namespace &&
        (dimensions === undefined || JSON.stringify(definition.Dimensions) === JSON.stringify(dimensions)) &&
        (statistic === undefined || definition.Statistic === statistic) &&
        (extended === undefined || definition.ExtendedStatistic === extended) &&
        (period === undefined || definition.Period === period) &&
        (unit === undefined || definition.Unit === unit)
      );
    });
    return { MetricAlarms: alarms.map((alarm) => this.#describe(alarm)) };
  }

  /** Deletes every alarm named, or none when one of them does not exist. */
  deleteAlarms(input: Input): Record<string, never> {
    const names = readStringList(input, 'AlarmNames', MAX_ALARM_NAMES);
    if (!names) throw missingParameter('AlarmNames');
    const unknown = names.filter((name) => !this.#options.store.getAlarm(name));
    if (unknown.length > 0)
      throw resourceNotFound(`${unknown.length === 1 ? 'Alarm' : 'Alarms'} ${unknown.join(', ')} not found`);
    for (const name of names) {
      this.#unschedule(name);
      this.#options.store.deleteAlarm(name);
    }
    return {};
  }

  /**
   * Sets an alarm's state until its next evaluation (testing actions, as AWS documents it).
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html
   */
  setAlarmState(input: Input): Record<string, never> {
    const name = requireString(input, 'AlarmName', 255);
    const state = readState(input, 'StateValue', true) as AlarmStateValue;
    const reason = requireString(input, 'StateReason', 1023);
    const reasonData = readString(input, 'StateReasonData', { max: 4000 });
    if (reasonData !== undefined) {
      try {
        JSON.parse(reasonData);
      } catch {
        throw invalidFormat('StateReasonData must be valid JSON.');
      }
    }
    const alarm = this.#options.store.getAlarm(name);
    if (!alarm) throw resourceNotFound(`Alarm ${name} not found`);
    this.#transition(alarm, state, reason, reasonData, this.#options.clock());
    return {};
  }

  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html */
  describeAlarmHistory(input: Input) {
    const alarmName = readString(input, 'AlarmName', { max: 255 });
    const type = readString(input, 'HistoryItemType');
    if (type !== undefined && !['ConfigurationUpdate', 'StateUpdate', 'Action'].includes(type)) {
      throw validationError(`Invalid HistoryItemType ${type}.`);
    }
    const scanBy = readString(input, 'ScanBy') ?? 'TimestampDescending';
    if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
      throw validationError(`The value ${scanBy} for parameter ScanBy is invalid.`);
    }
    const maxRecords = readInteger(input, 'MaxRecords', { min: 1, max: 100 }) ?? 100;
    const items = this.#options.store.history({
      alarmName,
      type,
      start: readTimestamp(input, 'StartDate'),
      end: readTimestamp(input, 'EndDate'),
      ascending: scanBy === 'TimestampAscending',
    });
    const { page, nextToken } = pageOf(items, input.NextToken, maxRecords, invalidNextToken);
    return {
      AlarmHistoryItems: page.map((item) => ({
        AlarmName: item.alarmName,
        AlarmType: 'MetricAlarm',
        Timestamp: new Date(item.timestamp),
        HistoryItemType: item.type,
        HistorySummary: item.summary,
        HistoryData: item.data,
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  setActionsEnabled(input: Input, enabled: boolean): Record<string, never> {
    const names = readStringList(input, 'AlarmNames', MAX_ALARM_NAMES);
    if (!names) throw missingParameter('AlarmNames');
    for (const name of names) {
      const alarm = this.#options.store.getAlarm(name);
      if (alarm) {
        this.#options.store.saveAlarm({
          ...alarm,
          actionsEnabled: enabled,
          definition: { ...alarm.definition, ActionsEnabled: enabled },
        });
      }
    }
    return {};
  }

  /** Evaluates one alarm, or every alarm, now (the timers do this at each period boundary). */
  evaluate(name?: string): void {
    const alarms = name === undefined ? this.#options.store.listAlarms() : [this.#options.store.getAlarm(name)];
    for (const alarm of alarms) if (alarm) this.#evaluate(alarm);
  }

  /** The alarms' states, for the console and the start-up report. */
  list(): StoredAlarm[] {
    return this.#options.store.listAlarms();
  }

  arnOf(name: string): string {
    return `arn:aws:cloudwatch:${this.#options.region}:${this.#options.accountId}:alarm:${name}`;
  }

  close(): void {
    this.#closed = true;
    for (const name of [...this.#timers.keys()]) this.#unschedule(name);
  }

  #evaluate(alarm: StoredAlarm): void {
    const definition = alarm.definition as unknown as MetricAlarmDefinition;
    const now = this.#options.clock();
    const periodMs = this.#periodMs(definition.Period);
    const end = Math.floor(now / periodMs) * periodMs;
    const n = definition.EvaluationPeriods;
    const statistic = definition.Statistic ?? definition.ExtendedStatistic ?? 'Average';
    const series = this.#options.metrics.series(metricOf(definition), {
      start: end - n * periodMs,
      end,
      periodMs,
      statistic,
      ...(definition.Unit ? { unit: definition.Unit } : {}),
    });
    const periods: PeriodValue[] = Array.from({ length: n }, (_, index) => {
      const start = end - (index + 1) * periodMs;
      const point = series.get(start);
      return { start, value: point?.value, ...(point ? { sampleCount: point.sampleCount } : {}) };
    });
    const rule: AlarmRule = {
      comparison: definition.ComparisonOperator,
      threshold: definition.Threshold,
      evaluationPeriods: n,
      datapointsToAlarm: definition.DatapointsToAlarm ?? n,
      treatMissingData: definition.TreatMissingData ?? 'missing',
      statistic,
      period: definition.Period,
    };
    const evaluation = evaluateAlarm(rule, periods, alarm.state, now);
    if (evaluation.state !== alarm.state) {
      this.#transition(alarm, evaluation.state, evaluation.reason, evaluation.reasonData, now);
    }
  }

  #transition(alarm: StoredAlarm, state: AlarmStateValue, reason: string, reasonData: string | undefined, now: number) {
    if (alarm.state === state) return;
    const updated: StoredAlarm = { ...alarm, state, reason, reasonData, stateUpdatedAt: now, stateTransitionedAt: now };
    this.#options.store.saveAlarm(updated);
    const definition = alarm.definition as unknown as MetricAlarmDefinition;
    this.#history({
      alarmName: alarm.name,
      timestamp: now,
      type: 'StateUpdate',
      summary: `Alarm updated from ${alarm.state} to ${state}`,
      data: JSON.stringify({
        version: '1.0',
        oldState: { stateValue: alarm.state, stateReason: alarm.reason },
        newState: {
          stateValue: state,
          stateReason: reason,
          ...(reasonData ? { stateReasonData: JSON.parse(reasonData) as unknown } : {}),
        },
      }),
    });
    const detail = {
      alarmName: alarm.name,
      state: { value: state, reason, ...(reasonData ? { reasonData } : {}), timestamp: awsTime(now) },
      previousState: {
        value: alarm.state,
        reason: alarm.reason,
        ...(alarm.reasonData ? { reasonData: alarm.reasonData } : {}),
        timestamp: awsTime(alarm.stateUpdatedAt),
      },
      configuration: {
        ...(definition.AlarmDescription ? { description: definition.AlarmDescription } : {}),
        metrics: [
          {
            id: randomUUID(),
            metricStat: {
              metric: {
                namespace: definition.Namespace,
                name: definition.MetricName,
                dimensions: Object.fromEntries(
                  definition.Dimensions.map((dimension) => [dimension.Name, dimension.Value]),
                ),
              },
              period: definition.Period,
              stat: definition.Statistic ?? definition.ExtendedStatistic,
              ...(definition.Unit ? { unit: definition.Unit } : {}),
            },
            returnData: true,
          },
        ],
      },
    };
    const alarmArn = this.arnOf(alarm.name);
    this.#options.onStateChange({ alarmArn, alarmName: alarm.name, time: now, detail });
    if (!alarm.actionsEnabled) return;
    const actions =
      state === 'ALARM'
        ? definition.AlarmActions
        : state === 'OK'
          ? definition.OKActions
          : definition.InsufficientDataActions;
    for (const action of actions) this.#runAction(alarm.name, alarmArn, action, detail, now);
  }

  /**
   * A Lambda action gets the alarm's payload (`source`, `alarmArn`, `alarmData`), invoked
   * asynchronously; other actions (SNS, EC2, Systems Manager) are not emulated and are recorded
   * as failed in the alarm's history.
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions-Lambda
   */
  #runAction(alarmName: string, alarmArn: string, action: string, detail: Record<string, unknown>, now: number) {
    let failure: string | undefined;
    if (action.split(':')[2] === 'lambda') {
      try {
        this.#options.invokeFunction(action, {
          source: 'aws.cloudwatch',
          alarmArn,
          accountId: this.#options.accountId,
          time: awsTime(now),
          region: this.#options.region,
          alarmData: detail,
        });
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
    } else {
      failure = `The local cloud does not run ${action.split(':')[2] ?? 'this'} alarm actions.`;
    }
    this.#history({
      alarmName,
      timestamp: now,
      type: 'Action',
      summary: failure
        ? `Failed to execute action ${action}. Received error: "${failure}"`
        : `Successfully executed action ${action}`,
      data: JSON.stringify({
        actionState: failure ? 'Failed' : 'Succeeded',
        notificationResource: action,
        ...(failure ? { error: failure } : {}),
      }),
    });
  }

  #history(item: HistoryItem): void {
    this.#options.store.addHistory(item);
  }

  #periodMs(period: number): number {
    return Math.max(1, Math.round((period * 1000) / this.#options.timeScale));
  }

  /**
   * Evaluates the alarm just after each boundary of its cadence: its period, or every minute for
   * longer periods, as CloudWatch does (scaled down by the time scale).
   */
  #schedule(name: string): void {
    if (!this.#options.evaluateOnTimer || this.#closed) return;
    this.#unschedule(name);
    const alarm = this.#options.store.getAlarm(name);
    if (!alarm) return;
    const definition = alarm.definition as unknown as MetricAlarmDefinition;
    const cadence = this.#periodMs(Math.min(definition.Period, 60));
    const now = this.#options.clock();
    const next = Math.floor(now / cadence) * cadence + cadence + Math.ceil(cadence * 0.1);
    const timer = setTimeout(() => {
      this.#timers.delete(name);
      const current = this.#options.store.getAlarm(name);
      if (!current || this.#closed) return;
      this.#evaluate(current);
      this.#schedule(name);
    }, next - now);
    timer.unref();
    this.#timers.set(name, timer);
  }

  #unschedule(name: string): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }

  #describe(alarm: StoredAlarm): Record<string, unknown> {
    const definition = alarm.definition as unknown as MetricAlarmDefinition;
    return {
      ...definition,
      AlarmArn: this.arnOf(alarm.name),
      AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdatedAt),
      ActionsEnabled: alarm.actionsEnabled,
      StateValue: alarm.state,
      StateReason: alarm.reason,
      ...(alarm.reasonData ? { StateReasonData: alarm.reasonData } : {}),
      StateUpdatedTimestamp: new Date(alarm.stateUpdatedAt),
      StateTransitionedTimestamp: new Date(alarm.stateTransitionedAt),
    };
  }
}

export function metricOf(definition: MetricAlarmDefinition): MetricIdentity {
  return { namespace: definition.Namespace, metricName: definition.MetricName, dimensions: definition.Dimensions };
}

function readState(input: Input, name: string, required: boolean): AlarmStateValue | undefined {
  const value = readString(input, name, { required });
  if (value !== undefined && !STATE_VALUES.includes(value as AlarmStateValue)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
    );
  }
  return value as AlarmStateValue | undefined;
}

/**
 * PutMetricAlarm's input, checked as CloudWatch checks it. Alarms on metric math, anomaly
 * detection bands and composite alarms are not evaluated locally and are refused by name.
 */
export function readAlarmDefinition(input: Input): MetricAlarmDefinition {
  const name = requireString(input, 'AlarmName', 255);
  if (input.Metrics !== undefined || input.ThresholdMetricId !== undefined) {
    throw validationError(
      `Alarm ${name}: the local cloud evaluates alarms on one metric; metric math and anomaly detection alarms are not supported.`,
    );
  }
  const statistic = readString(input, 'Statistic');
  const extended = readString(input, 'ExtendedStatistic');
  if ((statistic === undefined) === (extended === undefined)) {
    throw validationError('Exactly one of Statistic or ExtendedStatistic must be specified.');
  }
  if (statistic !== undefined && !isStandardStatistic(statistic))
    throw validationError(`Invalid Statistic ${statistic}.`);
  if (extended !== undefined && !isPercentile(extended)) {
    throw validationError(`ExtendedStatistic ${extended}: the local cloud evaluates percentiles (p0-p100) only.`);
  }
  const period = readInteger(input, 'Period', { min: 1, max: ONE_DAY_SECONDS });
  if (period === undefined) throw missingParameter('Period');
  if (!(period === 10 || period === 30 || period % 60 === 0)) {
    throw validationError('The parameter Period must be 10, 30, or a multiple of 60.');
  }
  const evaluationPeriods = readInteger(input, 'EvaluationPeriods', { min: 1, max: ONE_DAY_SECONDS });
  if (evaluationPeriods === undefined) throw missingParameter('EvaluationPeriods');
  if (period * evaluationPeriods > ONE_DAY_SECONDS) {
    throw validationError(
      'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).',
    );
  }
  const datapointsToAlarm = readInteger(input, 'DatapointsToAlarm', { min: 1, max: ONE_DAY_SECONDS });
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) {
    throw validationError('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  const threshold = readNumber(input, 'Threshold');
  if (threshold === undefined) throw missingParameter('Threshold');
  const comparison = readString(input, 'ComparisonOperator', { required: true }) as ComparisonOperator;
  if (!COMPARISON_OPERATORS.includes(comparison)) {
    throw validationError(
      `ComparisonOperator ${comparison}: the local cloud evaluates ${COMPARISON_OPERATORS.join(', ')}.`,
    );
  }
  const treatMissingData = readString(input, 'TreatMissingData', { max: 255 }) as TreatMissingData | undefined;
  if (treatMissingData !== undefined && !TREAT_MISSING_DATA.includes(treatMissingData)) {
    throw validationError(
      `Invalid TreatMissingData ${treatMissingData}: it must be one of ${TREAT_MISSING_DATA.join(', ')}.`,
    );
  }
  const lowSampleCount = readString(input, 'EvaluateLowSampleCountPercentile', { max: 255 });
  if (lowSampleCount !== undefined && lowSampleCount !== 'evaluate' && lowSampleCount !== 'ignore') {
    throw validationError(`Invalid EvaluateLowSampleCountPercentile ${lowSampleCount}.`);
  }
  const actions = (member: string) => {
    const list = readStringList(input, member, MAX_ACTIONS) ?? [];
    for (const action of list) if (!ACTION_ARN.test(action)) throw validationError(`Invalid ${member} ARN: ${action}`);
    return list;
  };
  const description = readString(input, 'AlarmDescription', { max: 1024 });
  const unit = readUnit(input);
  return {
    AlarmName: name,
    ...(description === undefined ? {} : { AlarmDescription: description }),
    ActionsEnabled: readBoolean(input, 'ActionsEnabled') ?? true,
    OKActions: actions('OKActions'),
    AlarmActions: actions('AlarmActions'),
    InsufficientDataActions: actions('InsufficientDataActions'),
    MetricName: requireString(input, 'MetricName', 255),
    Namespace: requireString(input, 'Namespace', 255),
    ...(statistic === undefined ? {} : { Statistic: statistic }),
    ...(extended === undefined ? {} : { ExtendedStatistic: extended }),
    Dimensions: readDimensions(input, 'Dimensions'),
    Period: period,
    ...(unit === undefined ? {} : { Unit: unit }),
    EvaluationPeriods: evaluationPeriods,
    ...(datapointsToAlarm === undefined ? {} : { DatapointsToAlarm: datapointsToAlarm }),
    Threshold: threshold,
    ComparisonOperator: comparison,
    ...(treatMissingData === undefined ? {} : { TreatMissingData: treatMissingData }),
    ...(lowSampleCount === undefined ? {} : { EvaluateLowSampleCountPercentile: lowSampleCount }),
  };
}
