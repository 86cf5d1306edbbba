import { AwsError } from '../edge/aws-error.ts';
import { jsonProtocolService } from '../edge/json-protocol.ts';
import type { EdgeService } from '../edge/types.ts';
import type { EventBus, PutEventsEntry } from './event-bus.ts';
import { testEventPattern } from './patterns/index.ts';

/**
 * The EventBridge API (JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`) as far as the shop and
 * its operators use it: publishing, testing patterns, and reading the deployed rules.
 * Rules are declared in the stacks; creating them through the API is refused by name.
 */
export function eventBridgeEdgeService(bus: EventBus): EdgeService {
  const findRule = (name: unknown, busName: unknown) => {
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
          .map((rule) => ({
            Name: rule.name,
            Arn: rule.arn,
            EventBusName: rule.busName,
            State: rule.enabled ? 'ENABLED' : 'DISABLED',
            ...(rule.eventPattern !== undefined ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
            ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
          })),
      }),
      DescribeRule: (input) => {
        const rule = findRule(input.Name, input.EventBusName);
        return {
          Name: rule.name,
          Arn: rule.arn,
          EventBusName: rule.busName,
          State: rule.enabled ? 'ENABLED' : 'DISABLED',
          ...(rule.eventPattern !== undefined ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
          ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
        };
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

function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message);
}
