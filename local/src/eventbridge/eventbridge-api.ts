import { busNameOf, type RuleSpec, type RuleTargetSpec } from '@shop/topology/resource-types/events-rule';
import type { ArchiveSpec } from '@shop/topology/topology';
import { AwsError } from '../edge/aws-error.ts';
import { jsonProtocolService } from '../edge/json-protocol.ts';
import type { EdgeService } from '../edge/types.ts';
import type { EventBus, PutEventsEntry } from './event-bus.ts';
import { compileEventPattern, testEventPattern } from './patterns/index.ts';
import type { Replay, Replays } from './replays.ts';
import type { RuleChanges } from './rule-changes.ts';

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const TARGET_ID = /^[.\-_A-Za-z0-9]{1,64}$/;
/** The target services the local cloud delivers to. */
const TARGET_SERVICES = ['sqs', 'lambda', 'logs', 'states'];

/** One target of PutTargets, checked as EventBridge checks it; an error fails that entry only. */
function readTarget(
  raw: unknown,
  targetExists: (arn: string) => boolean,
): { target: RuleTargetSpec } | { id: string; error: string } {
  const fields = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const id = typeof fields.Id === 'string' ? fields.Id : '';
  if (!TARGET_ID.test(id)) return { id, error: 'Target Id must match [.-_A-Za-z0-9]{1,64}.' };
  const arn = fields.Arn;
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return { id, error: 'Target Arn must be an ARN.' };
  if (!TARGET_SERVICES.includes(arn.split(':')[2] ?? '')) {
    return {
      id,
      error: `The local cloud delivers to SQS, Lambda, CloudWatch Logs and Step Functions targets only, not ${arn}.`,
    };
  }
  if (!targetExists(arn)) return { id, error: `The target ${arn} does not exist on the local cloud.` };
  if (fields.Input !== undefined) {
    if (typeof fields.Input !== 'string') return { id, error: 'Input must be a string of JSON.' };
    try {
      JSON.parse(fields.Input);
    } catch {
      return { id, error: 'Input is not valid JSON text.' };
    }
  }
  if (fields.InputPath !== undefined && typeof fields.InputPath !== 'string')
    return { id, error: 'InputPath must be a string.' };
  const transformer = fields.InputTransformer as { InputTemplate?: unknown; InputPathsMap?: unknown } | undefined;
  if (transformer !== undefined && (typeof transformer !== 'object' || typeof transformer.InputTemplate !== 'string')) {
    return { id, error: 'InputTransformer needs an InputTemplate.' };
  }
  const retry = (fields.RetryPolicy ?? {}) as { MaximumRetryAttempts?: unknown; MaximumEventAgeInSeconds?: unknown };
  const attempts = Number(retry.MaximumRetryAttempts ?? 185);
  const age = Number(retry.MaximumEventAgeInSeconds ?? 86_400);
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > 185)
    return { id, error: 'MaximumRetryAttempts must be 0 to 185.' };
  if (!Number.isInteger(age) || age < 60 || age > 86_400)
    return { id, error: 'MaximumEventAgeInSeconds must be 60 to 86400.' };
  const deadLetter = (fields.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn;
  if (deadLetter !== undefined && (typeof deadLetter !== 'string' || !targetExists(deadLetter))) {
    return { id, error: 'DeadLetterConfig.Arn must be an existing SQS queue.' };
  }
  const group = (fields.SqsParameters as { MessageGroupId?: unknown } | undefined)?.MessageGroupId;
  return {
    target: {
      id,
      arn,
      input: fields.Input as string | undefined,
      inputPath: fields.InputPath as string | undefined,
      inputTransformer: transformer as RuleTargetSpec['inputTransformer'],
      retryPolicy: { maximumRetryAttempts: attempts, maximumEventAgeSeconds: age },
      deadLetterArn: deadLetter as string | undefined,
      ...(typeof group === 'string' ? { sqsParameters: { messageGroupId: group } } : {}),
    },
  };
}

/**
 * The EventBridge API (JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`): publishing, testing
 * patterns, reading the rules, and managing them on the running bus (PutRule, PutTargets,
 * RemoveTargets, DeleteRule, EnableRule, DisableRule), so a consumer can be attached with the
 * AWS CLI and receive events at once. Changes are kept across restarts (`RuleChanges`).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html
 */
export function eventBridgeEdgeService(
  bus: EventBus,
  context: {
    region: string;
    accountId: string;
    changes: RuleChanges;
    targetExists: (arn: string) => boolean;
    archives: { specs: readonly ArchiveSpec[]; count(name: string): number };
    replays: Replays;
  },
): EdgeService {
  const describeArchive = (spec: ArchiveSpec) => ({
    ArchiveName: spec.name,
    ArchiveArn: spec.arn,
    EventSourceArn: spec.sourceArn,
    ...(spec.eventPattern === undefined ? {} : { EventPattern: JSON.stringify(spec.eventPattern) }),
    State: 'ENABLED',
    RetentionDays: spec.retentionDays,
    EventCount: context.archives.count(spec.name),
    SizeBytes: 0,
  });
  const describeReplay = (replay: Replay) => ({
    ReplayName: replay.name,
    ReplayArn: replay.arn,
    ...(replay.description === undefined ? {} : { Description: replay.description }),
    State: replay.state,
    ...(replay.stateReason === undefined ? {} : { StateReason: replay.stateReason }),
    EventSourceArn: replay.archiveArn,
    Destination: {
      Arn: replay.destinationArn,
      ...(replay.filterArns.length > 0 ? { FilterArns: replay.filterArns } : {}),
    },
    EventStartTime: new Date(replay.eventStartTime),
    EventEndTime: new Date(replay.eventEndTime),
    ReplayStartTime: new Date(replay.replayStartTime),
    ...(replay.replayEndTime === undefined ? {} : { ReplayEndTime: new Date(replay.replayEndTime) }),
    ...(replay.eventLastReplayedTime === undefined
      ? {}
      : { EventLastReplayedTime: new Date(replay.eventLastReplayedTime) }),
  });
  const ruleArn = (busName: string, name: string) =>
    `arn:aws:events:${context.region}:${context.accountId}:rule/${busName === 'default' ? name : `${busName}/${name}`}`;
  const save = (spec: RuleSpec) => {
    bus.saveRule(spec);
    context.changes.saved(spec);
  };
  const ruleName = (value: unknown, member = 'Name') => {
    if (typeof value !== 'string' || !RULE_NAME.test(value)) {
      throw validationError(
        `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
      );
    }
    return value;
  };
  const findRule = (name: unknown, busName: unknown): RuleSpec => {
    const rule = bus
      .rules()
      .find((candidate) => candidate.name === name && candidate.busName === (busName ?? 'default'));
    if (!rule)
      throw new AwsError(
        'ResourceNotFoundException',
        `Rule ${String(name)} does not exist on EventBus ${String(busName ?? 'default')}.`,
      );
    return rule;
  };
  const busByName = (name: unknown) => {
    const found = bus.buses().find((candidate) => candidate.name === (name ?? 'default'));
    if (!found) throw new AwsError('ResourceNotFoundException', `Event bus ${String(name)} does not exist.`);
    return found;
  };
  return jsonProtocolService({
    name: 'eventbridge',
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    operations: {
      PutEvents: (input) => bus.putEvents(readPutEventsEntries(input.Entries)),
      TestEventPattern: (input) =>
        testEventPattern({ EventPattern: input.EventPattern as string, Event: input.Event as string }),
      ListEventBuses: () => ({ EventBuses: bus.buses().map((found) => ({ Name: found.name, Arn: found.arn })) }),
      DescribeEventBus: (input) => {
        const found = busByName(input.Name);
        return { Name: found.name, Arn: found.arn };
      },
      ListRules: (input) => ({
        Rules: bus
          .rules()
          .filter((rule) => rule.busName === (input.EventBusName ?? 'default'))
          .filter((rule) => typeof input.NamePrefix !== 'string' || rule.name.startsWith(input.NamePrefix))
          .map(describedRule),
      }),
      DescribeRule: (input) => describedRule(findRule(input.Name, input.EventBusName)),
      PutRule: (input) => {
        const name = ruleName(input.Name);
        const busName = busByName(busNameOf(input.EventBusName)).name;
        if (input.ScheduleExpression !== undefined) {
          throw validationError(
            'The local cloud runs the schedules declared in the stacks; PutRule with a ScheduleExpression is not supported here.',
          );
        }
        if (typeof input.EventPattern !== 'string') {
          throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
        }
        compileEventPattern(input.EventPattern);
        const state = input.State ?? 'ENABLED';
        if (state !== 'ENABLED' && state !== 'DISABLED') {
          throw validationError(
            `1 validation error detected: Value '${String(state)}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
          );
        }
        const existing = bus.rules().find((rule) => rule.name === name && rule.busName === busName);
        save({
          stackName: existing?.stackName ?? 'api',
          logicalId: existing?.logicalId ?? name,
          name,
          arn: ruleArn(busName, name),
          busName,
          eventPattern: JSON.parse(input.EventPattern) as unknown,
          scheduleExpression: undefined,
          enabled: state === 'ENABLED',
          targets: existing?.targets ?? [],
        });
        return { RuleArn: ruleArn(busName, name) };
      },
      DeleteRule: (input) => {
        const name = ruleName(input.Name);
        const busName = busByName(busNameOf(input.EventBusName)).name;
        const existing = bus.rules().find((rule) => rule.name === name && rule.busName === busName);
        // Deleting a rule that does not exist succeeds, as on AWS.
        if (!existing) return {};
        if (existing.targets.length > 0 && input.Force !== true) {
          throw validationError("Rule can't be deleted since it has targets.");
        }
        bus.deleteRule(busName, name);
        context.changes.deleted(busName, name);
        return {};
      },
      EnableRule: (input) => {
        const rule = findRule(ruleName(input.Name), busNameOf(input.EventBusName));
        save({ ...rule, enabled: true });
        return {};
      },
      DisableRule: (input) => {
        const rule = findRule(ruleName(input.Name), busNameOf(input.EventBusName));
        save({ ...rule, enabled: false });
        return {};
      },
      PutTargets: (input) => {
        const rule = findRule(ruleName(input.Rule, 'Rule'), busNameOf(input.EventBusName));
        const given = input.Targets;
        if (!Array.isArray(given) || given.length === 0 || given.length > 10) {
          throw validationError(
            "1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1",
          );
        }
        const failed: Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> = [];
        const targets = new Map(rule.targets.map((target) => [target.id, target]));
        for (const raw of given) {
          const read = readTarget(raw, context.targetExists);
          if ('error' in read)
            failed.push({ TargetId: read.id, ErrorCode: 'ValidationException', ErrorMessage: read.error });
          else targets.set(read.target.id, read.target);
        }
        // Five targets per rule, EventBridge's quota.
        if (targets.size > 5) {
          throw new AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
        }
        save({ ...rule, targets: [...targets.values()] });
        return { FailedEntryCount: failed.length, FailedEntries: failed };
      },
      RemoveTargets: (input) => {
        const rule = findRule(ruleName(input.Rule, 'Rule'), busNameOf(input.EventBusName));
        const ids = input.Ids;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || !ids.every((id) => typeof id === 'string')) {
          throw validationError(
            "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length less than or equal to 100 and greater than or equal to 1",
          );
        }
        save({ ...rule, targets: rule.targets.filter((target) => !ids.includes(target.id)) });
        return { FailedEntryCount: 0, FailedEntries: [] };
      },
      ListArchives: (input) => ({
        Archives: context.archives.specs
          .filter((spec) => typeof input.NamePrefix !== 'string' || spec.name.startsWith(input.NamePrefix))
          .filter((spec) => input.EventSourceArn === undefined || spec.sourceArn === input.EventSourceArn)
          .map((spec) => {
            const { EventPattern: _pattern, ArchiveArn: _arn, ...listed } = describeArchive(spec);
            return listed;
          }),
      }),
      DescribeArchive: (input) => {
        const spec = context.archives.specs.find((candidate) => candidate.name === input.ArchiveName);
        if (!spec)
          throw new AwsError('ResourceNotFoundException', `Archive ${String(input.ArchiveName)} does not exist.`);
        return describeArchive(spec);
      },
      StartReplay: (input) => {
        const replay = context.replays.start(input);
        return {
          ReplayArn: replay.arn,
          State: replay.state,
          StateReason: replay.stateReason,
          ReplayStartTime: new Date(replay.replayStartTime),
        };
      },
      DescribeReplay: (input) => describeReplay(context.replays.describe(input.ReplayName)),
      ListReplays: (input) => ({
        Replays: context.replays
          .list()
          .filter((replay) => typeof input.NamePrefix !== 'string' || replay.name.startsWith(input.NamePrefix))
          .filter((replay) => input.State === undefined || replay.state === input.State)
          .filter((replay) => input.EventSourceArn === undefined || replay.archiveArn === input.EventSourceArn)
          .map((replay) => {
            const {
              Description: _description,
              Destination: _destination,
              ReplayArn: _arn,
              ...listed
            } = describeReplay(replay);
            return listed;
          }),
      }),
      CancelReplay: (input) => {
        const replay = context.replays.cancel(input.ReplayName);
        return { ReplayArn: replay.arn, State: replay.state, StateReason: replay.stateReason };
      },
      ListTargetsByRule: (input) => ({
        Targets: findRule(input.Rule, input.EventBusName).targets.map((target) => ({
          Id: target.id,
          Arn: target.arn,
          ...(target.input !== undefined ? { Input: target.input } : {}),
          ...(target.inputPath !== undefined ? { InputPath: target.inputPath } : {}),
          ...(target.inputTransformer ? { InputTransformer: target.inputTransformer } : {}),
          ...(target.deadLetterArn ? { DeadLetterConfig: { Arn: target.deadLetterArn } } : {}),
        })),
      }),
    },
  });
}

const ENTRY_STRING_MEMBERS = ['Source', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader'] as const;

/**
 * The `Entries` of a PutEvents request, checked against the API's shapes the way AWS's JSON
 * protocol deserializes them: a member of the wrong type fails the whole request with
 * `SerializationException` before any entry is put.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
 */
export function readPutEventsEntries(entries: unknown): PutEventsEntry[] {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) throw serializationError('Entries must be a list of PutEventsRequestEntry.');
  return entries.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw serializationError(`Entries[${index}] must be a PutEventsRequestEntry structure.`);
    }
    const fields = entry as Record<string, unknown>;
    for (const member of ENTRY_STRING_MEMBERS) {
      if (fields[member] !== undefined && fields[member] !== null && typeof fields[member] !== 'string') {
        throw serializationError(`Entries[${index}].${member} must be a string.`);
      }
    }
    const resources = fields.Resources;
    if (
      resources !== undefined &&
      resources !== null &&
      !(Array.isArray(resources) && resources.every((resource) => typeof resource === 'string'))
    ) {
      throw serializationError(`Entries[${index}].Resources must be a list of strings.`);
    }
    const time = fields.Time;
    if (time !== undefined && time !== null) {
      const date =
        typeof time === 'number' ? new Date(time * 1000) : typeof time === 'string' ? new Date(time) : undefined;
      if (!date || Number.isNaN(date.getTime())) {
        throw serializationError(`Entries[${index}].Time must be a timestamp (epoch seconds or ISO 8601).`);
      }
    }
    return fields as PutEventsEntry;
  });
}

function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

/** A rule as ListRules and DescribeRule answer it. */
function describedRule(rule: RuleSpec) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.busName,
    State: rule.enabled ? 'ENABLED' : 'DISABLED',
    ...(rule.eventPattern !== undefined ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
  };
}
