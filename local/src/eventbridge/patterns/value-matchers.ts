/**
 * What each comparison operator accepts, value by value.
 *
 * Semantics follow https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * and what AWS answers (see `fixtures/aws-observed.json`):
 * - exact values match only the same JSON type: `[1]` never matches `"1"`, `["true"]` never `true`;
 *   numbers match numerically (`[1]` matches `1.0` and `1e0`) or by identical digits;
 * - `prefix`, `suffix`, `equals-ignore-case`, `wildcard` match strings only;
 * - `numeric` matches numbers only, never numeric-looking strings;
 * - `anything-but` matches every value that is not excluded, including `null`, booleans and values
 *   of another type (`{"anything-but": 1}` matches `"1"`), but never a missing field;
 * - `exists: true` matches any leaf, `null` included.
 */

import { numberToHex } from './comparable-number.ts';
import type { EventValue } from './event-fields.ts';
import { type HexRange, ipToHex, matchesHexRange } from './ip-address.ts';
import type { StringPredicate } from './string-matchers.ts';

export type ValueMatcher = (value: EventValue) => boolean;

export const anyValue: ValueMatcher = () => true;

export function exactString(expected: string): ValueMatcher {
  return (value) => value.kind === 'string' && value.text === expected;
}

export function exactLiteral(kind: 'true' | 'false' | 'null'): ValueMatcher {
  return (value) => value.kind === kind;
}

/** `numeric` is the comparable value when there is one; otherwise only the digits can match. */
export function exactNumber(text: string, numeric: number | undefined): ValueMatcher {
  return (value) =>
    value.kind === 'number' && (value.text === text || (numeric !== undefined && value.value === numeric));
}

export function stringMatching(predicate: StringPredicate): ValueMatcher {
  return (value) => value.kind === 'string' && predicate(value.text);
}

export interface NumericBound {
  readonly value: number;
  readonly open: boolean;
}

export function numericRange(lower: NumericBound | undefined, upper: NumericBound | undefined): ValueMatcher {
  return (value) => {
    if (value.kind !== 'number' || value.value === undefined) return false;
    const n = value.value;
    if (lower && (lower.open ? n <= lower.value : n < lower.value)) return false;
    if (upper && (upper.open ? n >= upper.value : n > upper.value)) return false;
    return true;
  };
}

/** CIDR blocks and IP literals: strings that are IP addresses, and numbers, compared in hex. */
export function hexRange(range: HexRange): ValueMatcher {
  return (value) => {
    let hex: string | undefined;
    if (value.kind === 'string') hex = ipToHex(value.text);
    else if (value.kind === 'number' && value.value !== undefined) hex = numberToHex(value.value);
    return hex !== undefined && matchesHexRange(hex, range);
  };
}

export function anythingButStrings(excluded: ReadonlySet<string>): ValueMatcher {
  return (value) => value.kind !== 'string' || !excluded.has(value.text);
}

export function anythingButNumbers(excluded: ReadonlySet<number>): ValueMatcher {
  return (value) => value.kind !== 'number' || value.value === undefined || !excluded.has(value.value);
}

/** `anything-but` with `prefix`, `suffix`, `equals-ignore-case` or `wildcard`: strings only are excluded. */
export function anythingButMatching(excluded: readonly StringPredicate[]): ValueMatcher {
  return (value) => value.kind !== 'string' || !excluded.some((predicate) => predicate(value.text));
}
