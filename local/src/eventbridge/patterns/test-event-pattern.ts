/**
 * The `TestEventPattern` API: does this pattern match this event?
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 *
 * What AWS checks, in order (observed; `fixtures/aws-observed.json`):
 * 1. the pattern, exactly as `PutRule` does (`InvalidEventPatternException`);
 * 2. the event: a JSON object with `id`, `account`, `source`, `time`, `region` and `detail-type`
 *    (the docs also list `resources`, but AWS does not require it), else
 *    `ValidationException: Parameter Event is not valid.`; a `time` that is not an RFC 3339
 *    timestamp gives `Parameter Event is not valid. Reason: Invalid time.`. The other fields may
 *    have any type.
 * The event is matched as written: duplicate keys all count and numbers keep their digits.
 */

import { AwsError } from '../../edge/aws-error.ts';
import { nestsDeeperThan } from '../../edge/json-depth.ts';
import { flattenNode } from './event-fields.ts';
import { compileEventPattern, matchesEventFields } from './event-pattern.ts';
import { type JsonNode, memberOf, parseJsonTree } from './json-tree.ts';

export interface TestEventPatternInput {
  readonly EventPattern: string;
  readonly Event: string;
}

export interface TestEventPatternOutput {
  readonly Result: boolean;
}

const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function testEventPattern(input: TestEventPatternInput): TestEventPatternOutput {
  const { EventPattern: pattern, Event: event } = input as Partial<TestEventPatternInput>;
  if (typeof event !== 'string') throw missingParameter('event');
  if (typeof pattern !== 'string') throw missingParameter('eventPattern');
  const compiled = compileEventPattern(pattern);
  const parsed = parseEvent(event);
  return { Result: matchesEventFields(compiled, flattenNode(parsed, compiled.selection)) };
}

function parseEvent(text: string): JsonNode {
  if (nestsDeeperThan(text)) throw invalidEvent();
  let event: JsonNode;
  try {
    event = parseJsonTree(text);
  } catch {
    throw invalidEvent();
  }
  if (event.type !== 'object') throw invalidEvent();
  for (const field of REQUIRED_EVENT_FIELDS) {
    if (memberOf(event, field) === undefined) throw invalidEvent();
  }
  const time = memberOf(event, 'time');
  if (time?.type !== 'string' || !isTimestamp(time.value)) throw invalidEvent('Invalid time.');
  return event;
}

function isTimestamp(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

function invalidEvent(reason?: string): AwsError {
  return new AwsError('ValidationException', `Parameter Event is not valid.${reason ? ` Reason: ${reason}` : ''}`);
}

function missingParameter(name: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  );
}
