import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../edge/json-depth.ts';
/**
 * EventBridge content filtering: compile an event pattern once, match it against many events.
 *
 * Follows https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html, and what AWS
 * answers where the docs are silent (`fixtures/aws-observed.json`):
 * - fields of a pattern are ANDed, values in a field's array are ORed, `$or` branches are ORed;
 * - an array in the event matches if any element matches, but one match never combines elements
 *   of the same array differently for different fields (`{"a": [1], "b": [2]}` does not match
 *   `[{"a": 1}, {"b": 2}]`);
 * - `exists` looks at leaves only: an object or an empty array is not a value, `null` is;
 *   `exists: false` is judged against the array elements the other fields matched, in field-name
 *   order, as event-ruler does.
 */

import { AwsError } from '../../edge/aws-error.ts';
import {
  type EventFields,
  type FieldSelection,
  flattenValue,
  type Membership,
  mergeMembership,
} from './event-fields.ts';
import { JsonLocatedError } from './json-reader.ts';
import { compilePatternText, PatternRejection } from './pattern-compiler.ts';
import type { ValueMatcher } from './value-matchers.ts';

/** A validated, compiled event pattern; build it once with `compileEventPattern`. */
export interface CompiledEventPattern {
  /** The pattern text that was compiled. */
  readonly text: string;
  /** One entry per `$or` combination; the event matches if any one matches. */
  readonly subRules: readonly CompiledSubRule[];
  /** The event fields the pattern looks at, so matching flattens only those. */
  readonly selection: FieldSelection;
}

export interface CompiledSubRule {
  /** Sorted by name: event-ruler walks fields in that order, which `exists: false` depends on. */
  readonly fields: readonly CompiledField[];
}

export interface CompiledField {
  readonly name: string;
  readonly absent: boolean;
  readonly matchers: readonly ValueMatcher[];
}

const REASON_PREFIX = 'Event pattern is not valid. Reason: ';

/**
 * Parses and validates an event pattern as EventBridge does (`PutRule`, `TestEventPattern`).
 *
 * A pattern given as an object (from a template) is serialised first. Throws
 * `AwsError('InvalidEventPatternException', …)` with AWS's message for an invalid pattern, and
 * `AwsError('InternalFailure')` (HTTP 500) where AWS fails that way (an empty list inside an
 * `anything-but` operator).
 */
export function compileEventPattern(pattern: string | unknown): CompiledEventPattern {
  const text = typeof pattern === 'string' ? pattern : (JSON.stringify(pattern) ?? '');
  if (nestsDeeperThan(text)) {
    throw new AwsError(
      'InvalidEventPatternException',
      `${REASON_PREFIX}Document nesting depth exceeds the maximum allowed (${MAX_JSON_DEPTH})`,
    );
  }
  let subRules: ReturnType<typeof compilePatternText>;
  try {
    subRules = compilePatternText(text);
  } catch (error) {
    if (error instanceof JsonLocatedError) {
      throw new AwsError('InvalidEventPatternException', `${REASON_PREFIX}${error.message}`);
    }
    if (error instanceof PatternRejection) {
      if (error.kind === 'internal-failure') throw new AwsError('InternalFailure', '', { statusCode: 500 });
      throw new AwsError('InvalidEventPatternException', `${REASON_PREFIX}${error.message}`);
    }
    throw error;
  }
  const compiled = subRules.map((rule) => ({
    fields: [...rule.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, field]) => ({ name, absent: field.absent, matchers: field.matchers })),
  }));
  return { text, subRules: compiled, selection: selectionOf(compiled) };
}

/** Whether an event (a parsed JSON value) matches a compiled pattern. */
export function matchesEventPattern(compiled: CompiledEventPattern, event: unknown): boolean {
  return matchesEventFields(compiled, flattenValue(event, compiled.selection));
}

/** Whether already-flattened event fields match a compiled pattern. */
export function matchesEventFields(compiled: CompiledEventPattern, fields: EventFields): boolean {
  return compiled.subRules.some((rule) => matchFrom(rule.fields, 0, fields, []));
}

function matchFrom(
  ruleFields: readonly CompiledField[],
  index: number,
  event: EventFields,
  membership: Membership,
): boolean {
  const field = ruleFields[index];
  if (field === undefined) return true;
  const candidates = event.get(field.name) ?? [];
  if (field.absent && !candidates.some((c) => mergeMembership(membership, c.membership) !== undefined)) {
    if (matchFrom(ruleFields, index + 1, event, membership)) return true;
  }
  if (field.matchers.length === 0) return false;
  for (const candidate of candidates) {
    const merged = mergeMembership(membership, candidate.membership);
    if (merged === undefined) continue;
    if (!field.matchers.some((matcher) => matcher(candidate.value))) continue;
    if (matchFrom(ruleFields, index + 1, event, merged)) return true;
  }
  return false;
}

function selectionOf(subRules: readonly CompiledSubRule[]): FieldSelection {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const rule of subRules) {
    for (const { name } of rule.fields) {
      names.add(name);
      for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) prefixes.add(name.slice(0, dot));
    }
  }
  return { names, prefixes };
}
