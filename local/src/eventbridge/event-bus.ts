import { randomUUID } from 'node:crypto';
import type { RuleSpec, RuleTargetSpec } from '@shop/topology/topology';
import { AwsError } from '../edge/aws-error.ts';
import { nestsDeeperThan } from '../edge/json-depth.ts';
import { type CompiledEventPattern, compileEventPattern, matchesEventPattern } from './patterns/index.ts';
import { applyInputPath, applyInputTransformer } from './transform/index.ts';

/** An event as EventBridge delivers it to targets. */
export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
  /** Set on an event a replay sends again: the replay's name. */
  readonly 'replay-name'?: string;
}

/** Where targets live: the bus hands each delivery to the emulator that owns the target ARN. */
export interface TargetGateway {
  sendToQueue(
    queueArn: string,
    body: string,
    options?: { attributes?: Record<string, string>; messageGroupId?: string },
  ): Promise<void>;
  invokeFunctionAsync(functionArn: string, payload: unknown): Promise<void>;
  writeToLogGroup(logGroupArn: string, event: EventBridgeEvent): Promise<void>;
  startExecution(stateMachineArn: string, input: string): Promise<void>;
}

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: readonly string[];
  readonly Time?: string | number;
  readonly TraceHeader?: string;
}

export interface PutEventsResultEntry {
  readonly EventId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

/** A fault the local console or a test switches on: PutEvents entries fail as AWS's retryable InternalFailure. */
export interface PutEventsFault {
  /** How many entries to fail; `undefined` fails every entry until cleared. */
  remaining: number | undefined;
  /** Only entries from this source fail, when set. */
  readonly source?: string;
  /** Only entries of this detail-type fail, when set. */
  readonly detailType?: string;
}

interface CompiledRule {
  readonly spec: RuleSpec;
  readonly pattern: CompiledEventPattern | undefined;
}

export interface EventBusOptions {
  readonly region: string;
  readonly accountId: string;
  readonly buses: ReadonlyArray<{ name: string; arn: string }>;
  readonly rules: readonly RuleSpec[];
  readonly targets: TargetGateway;
  /** Every accepted event, after routing (the archive and the console listen here). */
  readonly onEvent?: (event: EventBridgeEvent, busArn: string, matchedRules: readonly string[]) => void;
  readonly onDeliveryFailure?: (failure: { rule: string; target: string; error: string }) => void;
  /** Base of the retry backoff; AWS backs off exponentially with jitter. */
  readonly retryBaseDelayMs?: number;
  readonly now?: () => Date;
}

/** PutEvents takes at most 256 KB of entries per request, measured as `putEventsEntrySize` does. */
const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge counts it against the 256 KB limit: 14 bytes for a `Time`, the
 * UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function putEventsEntrySize(entry: PutEventsEntry): number {
  let size = entry.Time === undefined || entry.Time === null ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (typeof text === 'string') size += Buffer.byteLength(text, 'utf8');
  }
  return size;
}

/**
 * EventBridge event buses: `PutEvents` with AWS's entry validation and per-entry results, rule
 * matching with the full content-filter syntax, and delivery to targets with `Input`,
 * `InputPath` or `InputTransformer`, the target's retry policy (exponential backoff until
 * MaximumRetryAttempts or MaximumEventAgeInSeconds) and its dead-letter queue.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
export class EventBus {
  readonly #options: EventBusOptions;
  readonly #busesByName: Map<string, { name: string; arn: string }>;
  #rules: CompiledRule[];
  readonly #pending = new Set<Promise<void>>();
  readonly #faults: PutEventsFault[] = [];
  #closed = false;

  constructor(options: EventBusOptions) {
    this.#options = options;
    const defaultBus = {
      name: 'default',
      arn: `arn:aws:events:${options.region}:${options.accountId}:event-bus/default`,
    };
    this.#busesByName = new Map([
      [defaultBus.name, defaultBus],
      ...options.buses.map((bus) => [bus.name, bus] as const),
    ]);
    this.#rules = options.rules.map((spec) => {
      if (!this.#busesByName.has(spec.busName)) {
        throw new Error(
          `Stack ${spec.stackName}: AWS::Events::Rule ${spec.logicalId}: event bus '${spec.busName}' does not exist`,
        );
      }
      try {
        return { spec, pattern: spec.eventPattern === undefined ? undefined : compileEventPattern(spec.eventPattern) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Stack ${spec.stackName}: AWS::Events::Rule ${spec.logicalId}: invalid EventPattern: ${reason}`,
        );
      }
    });
  }

  buses(): Array<{ name: string; arn: string }> {
    return [...this.#busesByName.values()];
  }

  rules(): readonly RuleSpec[] {
    return this.#rules.map((rule) => rule.spec);
  }

  /**
   * Creates or replaces a rule (PutRule, PutTargets, RemoveTargets, Enable/DisableRule change a
   * rule through here): the pattern is compiled first, so an invalid one changes nothing.
   * Deliveries under way keep the rule as it was when they matched.
   */
  saveRule(spec: RuleSpec): void {
    if (!this.#busesByName.has(spec.busName)) throw new Error(`No event bus ${spec.busName}`);
    const compiled = {
      spec,
      pattern: spec.eventPattern === undefined ? undefined : compileEventPattern(spec.eventPattern),
    };
    const index = this.#rules.findIndex((rule) => rule.spec.name === spec.name && rule.spec.busName === spec.busName);
    if (index >= 0) this.#rules[index] = compiled;
    else this.#rules.push(compiled);
  }

  deleteRule(busName: string, name: string): void {
    const index = this.#rules.findIndex((rule) => rule.spec.name === name && rule.spec.busName === busName);
    if (index >= 0) this.#rules.splice(index, 1);
  }

  /** Makes the next PutEvents entries fail with `InternalFailure` (a retryable error on AWS too). */
  injectPutEventsFault(fault: PutEventsFault): void {
    this.#faults.push(fault);
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  putEvents(entries: readonly PutEventsEntry[]): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1`,
      );
    }
    const size = entries.reduce((total, entry) => total + putEventsEntrySize(entry), 0);
    if (size > MAX_REQUEST_BYTES) {
      throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }
    const results = entries.map((entry) => this.#putEntry(entry));
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  /** Delivers an event to the rules of a bus without the PutEvents checks (replays, alarms). */
  dispatch(busName: string, event: EventBridgeEvent, onlyRuleArns: readonly string[] = []): readonly string[] {
    if (this.#closed) return [];
    const bus = this.#busesByName.get(busName);
    if (!bus) throw new Error(`No event bus ${busName}`);
    const matched: string[] = [];
    for (const rule of this.#rules) {
      if (!rule.spec.enabled || rule.spec.busName !== busName || !rule.pattern) continue;
      // A replay names the rules it goes to (all of the bus's when it names none).
      if (onlyRuleArns.length > 0 && !onlyRuleArns.includes(rule.spec.arn)) continue;
      if (!matchesEventPattern(rule.pattern, event)) continue;
      matched.push(rule.spec.name);
      for (const target of rule.spec.targets) this.deliver(rule.spec, target, event);
    }
    this.#options.onEvent?.(event, bus.arn, matched);
    return matched;
  }

  /** Delivers to one target of a rule (also used for scheduled rules, which have no pattern). */
  deliver(rule: RuleSpec, target: RuleTargetSpec, event: EventBridgeEvent): void {
    if (this.#closed) return;
    const delivery = this.#deliverWithRetries(rule, target, event).finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
  }

  /** Waits until every delivery under way has reached its target or its DLQ. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  close(): void {
    this.#closed = true;
  }

  newEvent(fields: {
    source: string;
    detailType: string;
    detail: unknown;
    resources?: readonly string[];
    time?: Date;
  }): EventBridgeEvent {
    const time = fields.time ?? this.#options.now?.() ?? new Date();
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': fields.detailType,
      source: fields.source,
      account: this.#options.accountId,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.#options.region,
      resources: [...(fields.resources ?? [])],
      detail: fields.detail,
    };
  }

  #putEntry(entry: PutEventsEntry): PutEventsResultEntry {
    const busName = busNameOf(entry.EventBusName);
    if (!this.#busesByName.has(busName)) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    const missing = (['Source', 'DetailType', 'Detail'] as const).filter((field) => !entry[field]);
    if (missing.length > 0) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter(s) ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not valid. Reason: Source, DetailType and Detail are required.`,
      };
    }
    let detail: unknown;
    try {
      if (nestsDeeperThan(entry.Detail ?? '')) throw new Error('too deep');
      detail = JSON.parse(entry.Detail ?? '');
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const fault = this.#faults.find(
      (candidate) =>
        (!candidate.source || candidate.source === entry.Source) &&
        (!candidate.detailType || candidate.detailType === entry.DetailType),
    );
    if (fault) {
      if (fault.remaining !== undefined && --fault.remaining <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
      return {
        ErrorCode: 'InternalFailure',
        ErrorMessage: 'Internal failure (injected by the local cloud fault switch).',
      };
    }
    const event = this.newEvent({
      source: String(entry.Source),
      detailType: String(entry.DetailType),
      detail,
      resources: entry.Resources ?? [],
      time:
        entry.Time === undefined
          ? undefined
          : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time),
    });
    this.dispatch(busName, event);
    return { EventId: event.id };
  }

  async #deliverWithRetries(rule: RuleSpec, target: RuleTargetSpec, event: EventBridgeEvent): Promise<void> {
    let payload: string;
    try {
      payload = this.#targetInput(rule, target, event);
    } catch (error) {
      // An input that cannot be built is not retried (AWS drops it to the DLQ at once).
      await this.#deadLetter(rule, target, event, error);
      return;
    }
    const started = Date.now();
    const baseDelay = this.#options.retryBaseDelayMs ?? 1000;
    for (let attempt = 0; ; attempt++) {
      if (this.#closed) return;
      try {
        await this.#send(target, payload, event);
        return;
      } catch (error) {
        const ageSeconds = (Date.now() - started) / 1000;
        if (
          attempt >= target.retryPolicy.maximumRetryAttempts ||
          ageSeconds >= target.retryPolicy.maximumEventAgeSeconds
        ) {
          await this.#deadLetter(rule, target, event, error);
          return;
        }
        const delay = Math.min(baseDelay * 2 ** attempt, 60_000) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }

  #targetInput(rule: RuleSpec, target: RuleTargetSpec, event: EventBridgeEvent): string {
    if (target.input !== undefined) return target.input;
    if (target.inputPath !== undefined) return JSON.stringify(applyInputPath(event, target.inputPath) ?? null);
    if (target.inputTransformer !== undefined) {
      return applyInputTransformer(event, target.inputTransformer, {
        ruleArn: rule.arn,
        ruleName: rule.name,
        ingestionTime: event.time,
      });
    }
    return JSON.stringify(event);
  }

  async #send(target: RuleTargetSpec, payload: string, event: EventBridgeEvent): Promise<void> {
    const service = target.arn.split(':')[2];
    switch (service) {
      case 'sqs':
        // A FIFO queue target gets the rule's MessageGroupId; deduplication is the queue's (content-based).
        return this.#options.targets.sendToQueue(
          target.arn,
          payload,
          target.sqsParameters ? { messageGroupId: target.sqsParameters.messageGroupId } : {},
        );
      case 'lambda':
        return this.#options.targets.invokeFunctionAsync(target.arn, JSON.parse(payload));
      case 'logs':
        return this.#options.targets.writeToLogGroup(target.arn, event);
      case 'states':
        return this.#options.targets.startExecution(target.arn, payload);
      default:
        throw new Error(`Target ${target.arn}: this target type is not supported by the local cloud`);
    }
  }

  async #deadLetter(rule: RuleSpec, target: RuleTargetSpec, event: EventBridgeEvent, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.#options.onDeliveryFailure?.({ rule: rule.arn, target: target.arn, error: message });
    if (!target.deadLetterArn) return;
    // The attributes EventBridge adds to a message it dead-letters.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
    await this.#options.targets
      .sendToQueue(target.deadLetterArn, JSON.stringify(event), {
        attributes: {
          ERROR_CODE: 'SDK_CLIENT_ERROR',
          ERROR_MESSAGE: message,
          RULE_ARN: rule.arn,
          TARGET_ARN: target.arn,
        },
      })
      .catch(() => undefined);
  }
}

function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}
