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
      PutEvents: (input) => bus.putEvents((input.Entries ?? []) as PutEventsEntry[]),
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
