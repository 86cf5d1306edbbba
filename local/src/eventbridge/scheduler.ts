import type { RuleSpec } from '@shop/topology/topology';
import type { EventBus } from './event-bus.ts';

const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period of a `rate(...)` expression, or an error naming what is not supported. */
export function ratePeriodMs(rule: RuleSpec): number {
  const expression = rule.scheduleExpression ?? '';
  const match = RATE.exec(expression);
  if (!match) {
    throw new Error(
      `Stack ${rule.stackName}: AWS::Events::Rule ${rule.logicalId}: ScheduleExpression '${expression}' is not supported by the local cloud (only rate(...))`,
    );
  }
  const value = Number(match[1]);
  const unit = (match[2] ?? '').replace(/s$/, '');
  if (value < 1 || (value === 1) !== !(match[2] ?? '').endsWith('s')) {
    throw new Error(
      `Stack ${rule.stackName}: AWS::Events::Rule ${rule.logicalId}: invalid ScheduleExpression '${expression}'`,
    );
  }
  return value * (UNIT_MS[unit] ?? 60_000);
}

/**
 * Scheduled rules: at each period EventBridge sends a `Scheduled Event` from `aws.events` to the
 * rule's targets. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
 */
export class Scheduler {
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #bus: EventBus;
  readonly #rules: readonly RuleSpec[];

  constructor(bus: EventBus, rules: readonly RuleSpec[]) {
    this.#bus = bus;
    this.#rules = rules.filter((rule) => rule.scheduleExpression !== undefined);
    for (const rule of this.#rules) ratePeriodMs(rule);
  }

  start(): void {
    for (const rule of this.#rules) {
      // Each period fires the rule as it stands now: DisableRule or DeleteRule stop it, EnableRule
      // starts it again, PutTargets changes where it goes.
      this.#timers.push(
        setInterval(() => {
          if (this.#current(rule.name)?.enabled) this.fire(rule.name);
        }, ratePeriodMs(rule)).unref(),
      );
    }
  }

  #current(ruleName: string): RuleSpec | undefined {
    const declared = this.#rules.find((candidate) => candidate.name === ruleName);
    return this.#bus.rules().find((rule) => rule.name === ruleName && rule.busName === declared?.busName);
  }

  /** Fires a scheduled rule now (the console's "run now", and tests). */
  fire(ruleName: string): void {
    const rule = this.#current(ruleName);
    if (!rule || rule.scheduleExpression === undefined) throw new Error(`No scheduled rule ${ruleName}`);
    const event = this.#bus.newEvent({
      source: 'aws.events',
      detailType: 'Scheduled Event',
      detail: {},
      resources: [rule.arn],
    });
    for (const target of rule.targets) this.#bus.deliver(rule, target, event);
  }

  scheduledRules(): readonly RuleSpec[] {
    return this.#rules;
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
  }
}
