/**
 * Validates an event pattern and compiles it into sub-rules, exactly as EventBridge does.
 *
 * The structure mirrors event-ruler's `JsonRuleCompiler` (https://github.com/aws/event-ruler), the
 * engine behind EventBridge, so that the same pattern is rejected for the same reason at the same
 * position; the operator details follow what AWS answers today where it differs from the open-source
 * library (lists in `anything-but` prefix/suffix/wildcard, `prefix`/`suffix` with
 * `equals-ignore-case`, numbers beyond ±5e9). The docs the rules come from:
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 *
 * A pattern compiles to a list of sub-rules (one per `$or` branch combination); a sub-rule maps
 * dotted field names (`detail.state`) to the values allowed there. A field named twice, directly or
 * through dots (`{"a.b": [1], "a": {"b": [2]}}`), keeps the last one, as on AWS.
 */

import { comparableValue } from './comparable-number.ts';
import { ipLiteralRange, parseCidr } from './ip-address.ts';
import { JsonLocatedError, JsonReader, type JsonToken } from './json-reader.ts';
import {
  ignoreCasePredicate,
  MAX_WILDCARD_COMPLEXITY,
  parseWildcard,
  type StringPredicate,
  type Wildcard,
  wildcardComplexity,
  wildcardPredicate,
} from './string-matchers.ts';
import {
  anythingButMatching,
  anythingButNumbers,
  anythingButStrings,
  anyValue,
  exactLiteral,
  exactNumber,
  exactString,
  hexRange,
  type NumericBound,
  numericRange,
  stringMatching,
  type ValueMatcher,
} from './value-matchers.ts';

/** The values allowed for one field of a sub-rule. */
export interface FieldRule {
  /** `{"exists": false}` is among the values: the field may be absent. */
  absent: boolean;
  readonly matchers: ValueMatcher[];
}

export type SubRule = Map<string, FieldRule>;

/** A rejection without a position: AWS reports these after parsing, with no location suffix. */
export class PatternRejection extends Error {
  readonly kind: 'invalid' | 'internal-failure';

  constructor(reason: string, kind: 'invalid' | 'internal-failure' = 'invalid') {
    super(reason);
    this.name = 'PatternRejection';
    this.kind = kind;
  }
}

/** AWS refuses `$or` expansions beyond this many combinations. */
export const MAX_RULE_COMBINATIONS = 1000;

/** Field names that cannot appear anywhere inside a `$or` branch (event-ruler's reserved words). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

const ONE_KEY = 'Only one key allowed in match expression';
const TOO_MANY_NUMERIC = 'Too many elements in numeric expression';
const ANYTHING_BUT_VALUE = 'Value of anything-but must be an array or single string/number value.';
const ANYTHING_BUT_IGNORE_CASE_TYPE =
  'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';

/** Compiles pattern text; throws `JsonLocatedError` or `PatternRejection` as AWS would reject it. */
export function compilePatternText(text: string): SubRule[] {
  return new PatternCompiler(text).compile();
}

class PatternCompiler {
  readonly #reader: JsonReader;
  /** Checks AWS makes once the whole pattern has been read, in document order. */
  readonly #afterParse: Array<() => void> = [];
  readonly #wildcards: Wildcard[] = [];
  #combinationsExceeded = false;

  constructor(text: string) {
    this.#reader = new JsonReader(text);
  }

  compile(): SubRule[] {
    if (this.#reader.nextToken() !== 'START_OBJECT') throw this.#barf('Filter is not an object');
    const rules: SubRule[] = [];
    this.#parseObject(rules, [], false);
    if (this.#combinationsExceeded) {
      throw new PatternRejection(`Or operator is producing over ${MAX_RULE_COMBINATIONS} rule combinations`);
    }
    for (const check of this.#afterParse) check();
    for (const wildcard of this.#wildcards) {
      if (wildcardComplexity(wildcard) > MAX_WILDCARD_COMPLEXITY) {
        throw new PatternRejection(
          'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
        );
      }
    }
    return rules;
  }

  #next(): JsonToken {
    const token = this.#reader.nextToken();
    if (token === undefined) throw this.#barf('Unexpected end-of-input');
    return token;
  }

  #barf(reason: string): JsonLocatedError {
    return this.#reader.error(reason);
  }

  /** event-ruler re-throws errors raised while reading a list, so their location appears twice. */
  #inList<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof JsonLocatedError) throw this.#barf(error.message);
      throw error;
    }
  }

  #parseObject(rules: SubRule[], path: readonly string[], insideOr: boolean): void {
    let fieldsPresent = false;
    while (this.#next() !== 'END_OBJECT') {
      fieldsPresent = true;
      const name = this.#reader.currentName();
      if (name === '$or') {
        this.#parseOr(rules, path);
        continue;
      }
      if (insideOr && RESERVED_IN_OR.has(name)) {
        throw this.#barf(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
      }
      const token = this.#next();
      if (token === 'START_OBJECT') this.#parseObject(rules, [...path, name], insideOr);
      else if (token === 'START_ARRAY') this.#writeRules(rules, [...path, name].join('.'));
      else throw this.#barf(`"${name}" must be an object or an array`);
    }
    if (!fieldsPresent) throw this.#barf('Empty objects are not allowed');
  }

  #parseOr(rules: SubRule[], path: readonly string[]): void {
    const before = rules.map((rule) => new Map(rule));
    rules.length = 0;
    if (this.#next() !== 'START_ARRAY') throw this.#barf('It must be an Array followed with $or.');
    let branches = 0;
    for (let token = this.#next(); token !== 'END_ARRAY'; token = this.#next()) {
      branches++;
      if (token !== 'START_OBJECT') throw this.#barf('Only JSON object is allowed in array of $or relationship.');
      const branch = before.map((rule) => new Map(rule));
      if (branch.length === 0) branch.push(new Map());
      this.#parseObject(branch, path, true);
      // Keep validating past the limit (AWS reports syntax errors first) without growing further.
      if (rules.length + branch.length > MAX_RULE_COMBINATIONS) this.#combinationsExceeded = true;
      if (!this.#combinationsExceeded) rules.push(...branch);
    }
    if (branches < 2) throw this.#barf('There must have at least 2 Objects in $or relationship.');
  }

  #writeRules(rules: SubRule[], name: string): void {
    const field: FieldRule = { absent: false, matchers: [] };
    let values = 0;
    for (let token = this.#next(); token !== 'END_ARRAY'; token = this.#next()) {
      values++;
      switch (token) {
        case 'START_OBJECT':
          this.#matchExpression(field);
          break;
        case 'VALUE_STRING': {
          const text = this.#reader.text();
          const range = ipLiteralRange(text);
          field.matchers.push(range ? hexRange(range) : exactString(text));
          break;
        }
        case 'VALUE_NUMBER_INT':
        case 'VALUE_NUMBER_FLOAT': {
          const text = this.#reader.text();
          field.matchers.push(exactNumber(text, comparableValue(text)));
          break;
        }
        case 'VALUE_TRUE':
          field.matchers.push(exactLiteral('true'));
          break;
        case 'VALUE_FALSE':
          field.matchers.push(exactLiteral('false'));
          break;
        case 'VALUE_NULL':
          field.matchers.push(exactLiteral('null'));
          break;
        default:
          throw this.#barf('Match value must be String, number, true, false, or null');
      }
    }
    if (values === 0) throw this.#barf('Empty arrays are not allowed');
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) rule.set(name, field);
  }

  #matchExpression(field: FieldRule): void {
    if (this.#next() !== 'FIELD_NAME') throw this.#barf('Match expression name not found');
    const operator = this.#reader.currentName();
    switch (operator) {
      case 'exactly':
        field.matchers.push(exactString(this.#singleString('exact match pattern must be a string')));
        return;
      case 'prefix':
      case 'suffix':
        field.matchers.push(this.#prefixOrSuffix(operator));
        return;
      case 'equals-ignore-case':
        field.matchers.push(
          stringMatching(
            ignoreCasePredicate(this.#singleString('equals-ignore-case match pattern must be a string'), 'whole'),
          ),
        );
        return;
      case 'wildcard': {
        if (this.#next() !== 'VALUE_STRING') throw this.#barf('wildcard match pattern must be a string');
        const wildcard = this.#wildcard(this.#reader.text());
        this.#wildcards.push(wildcard);
        if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
        field.matchers.push(stringMatching(wildcardPredicate(wildcard)));
        return;
      }
      case 'numeric':
        field.matchers.push(this.#numeric());
        return;
      case 'cidr': {
        if (this.#next() !== 'VALUE_STRING') throw this.#barf('prefix match pattern must be a string');
        const parsed = parseCidr(this.#reader.text());
        if ('error' in parsed) throw new PatternRejection(parsed.error);
        if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
        field.matchers.push(hexRange(parsed));
        return;
      }
      case 'exists': {
        const token = this.#next();
        if (token !== 'VALUE_TRUE' && token !== 'VALUE_FALSE') {
          throw this.#barf('exists match pattern must be either true or false.');
        }
        if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
        if (token === 'VALUE_TRUE') field.matchers.push(anyValue);
        else field.absent = true;
        return;
      }
      case 'anything-but':
        field.matchers.push(this.#anythingBut());
        return;
      default:
        throw this.#barf(`Unrecognized match type ${operator}`);
    }
  }

  /** Reads `<operator>: "<string>"}`. */
  #singleString(typeError: string): string {
    if (this.#next() !== 'VALUE_STRING') throw this.#barf(typeError);
    const text = this.#reader.text();
    if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
    return text;
  }

  #prefixOrSuffix(operator: 'prefix' | 'suffix'): ValueMatcher {
    const token = this.#next();
    if (token === 'START_OBJECT') {
      const capitalised = operator === 'prefix' ? 'Prefix' : 'Suffix';
      if (this.#next() !== 'FIELD_NAME') throw this.#barf(`${capitalised} expression name not found`);
      const inner = this.#reader.currentName();
      if (inner !== 'equals-ignore-case') throw this.#barf(`Unsupported ${operator} pattern: ${inner}`);
      if (this.#next() !== 'VALUE_STRING') throw this.#barf('equals-ignore-case match pattern must be a string');
      const text = this.#reader.text();
      if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
      if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
      return stringMatching(ignoreCasePredicate(text, operator));
    }
    if (token !== 'VALUE_STRING') throw this.#barf(`${operator} match pattern must be a string`);
    const text = this.#reader.text();
    if (this.#next() !== 'END_OBJECT') throw this.#barf(ONE_KEY);
    return operator === 'prefix'
      ? stringMatching((value) => value.startsWith(text))
      : stringMatching((value) => value.endsWith(text));
  }

  #wildcard(text: string): Wildcard {
    const parsed = parseWildcard(text);
    if ('error' in parsed) throw this.#barf(parsed.error);
    return parsed;
  }

  #numeric(): ValueMatcher {
    if (this.#next() !== 'START_ARRAY') throw this.#barf('Value of numeric must be an array.');
    const matcher = this.#numericExpression();
    if (this.#next() !== 'END_OBJECT') throw this.#barf(TOO_MANY_NUMERIC);
    return matcher;
  }

  #numericExpression(): ValueMatcher {
    if (this.#next() !== 'VALUE_STRING') throw this.#barf(`Invalid member in numeric match: ${this.#reader.text()}`);
    const operator = this.#reader.text();
    if (!['=', '>=', '>', '<=', '<'].includes(operator)) {
      this.#next();
      throw this.#barf(`Unrecognized numeric range operator: ${operator}`);
    }
    const valueToken = this.#next();
    const label = operator === '=' ? 'equals' : operator;
    if (valueToken !== 'VALUE_NUMBER_INT' && valueToken !== 'VALUE_NUMBER_FLOAT') {
      throw this.#barf(`Value of ${label} must be numeric`);
    }
    const text = this.#reader.text();
    if (operator === '=' || operator === '<' || operator === '<=') {
      if (this.#next() !== 'END_ARRAY') throw this.#barf(TOO_MANY_NUMERIC);
      const value = this.#comparable(text);
      if (operator === '=') return numericRange({ value, open: false }, { value, open: false });
      return numericRange(undefined, { value, open: operator === '<' });
    }
    const token = this.#next();
    if (token === 'END_ARRAY')
      return numericRange({ value: this.#comparable(text), open: operator === '>' }, undefined);
    if (token !== 'VALUE_STRING') throw this.#barf(`Bad value in numeric range: ${this.#reader.text()}`);
    const upperOperator = this.#reader.text();
    if (upperOperator !== '<' && upperOperator !== '<=') {
      throw this.#barf(`Bad numeric range operator: ${upperOperator}`);
    }
    const upperToken = this.#next();
    if (upperToken !== 'VALUE_NUMBER_INT' && upperToken !== 'VALUE_NUMBER_FLOAT') {
      throw this.#barf(`Value of ${upperOperator} must be numeric`);
    }
    const upperText = this.#reader.text();
    if (this.#next() !== 'END_ARRAY') throw this.#barf('Too many terms in numeric range expression');
    const lower: NumericBound = { value: this.#comparable(text), open: operator === '>' };
    const upper: NumericBound = { value: this.#comparable(upperText), open: upperOperator === '<' };
    if (lower.value >= upper.value) throw this.#barf('Bottom must be less than top');
    return numericRange(lower, upper);
  }

  #comparable(text: string): number {
    const value = comparableValue(text);
    if (value === undefined) throw this.#barf(`Cannot compare number : ${text}`);
    return value;
  }

  #anythingBut(): ValueMatcher {
    const token = this.#next();
    let matcher: ValueMatcher;
    if (token === 'START_OBJECT') {
      matcher = this.#anythingButOperator();
    } else if (token === 'START_ARRAY') {
      matcher = this.#anythingButList();
    } else if (token === 'VALUE_STRING') {
      matcher = anythingButStrings(new Set([this.#reader.text()]));
    } else if (token === 'VALUE_NUMBER_INT' || token === 'VALUE_NUMBER_FLOAT') {
      matcher = anythingButNumbers(this.#excludedNumbers([this.#reader.text()]));
    } else {
      throw this.#barf(ANYTHING_BUT_VALUE);
    }
    if (this.#next() !== 'END_OBJECT') throw this.#barf(TOO_MANY_NUMERIC);
    return matcher;
  }

  #anythingButList(): ValueMatcher {
    const strings = new Set<string>();
    const numbers: string[] = [];
    this.#inList(() => {
      for (let token = this.#next(); token !== 'END_ARRAY'; token = this.#next()) {
        if (token === 'VALUE_STRING') strings.add(this.#reader.text());
        else if (token === 'VALUE_NUMBER_INT' || token === 'VALUE_NUMBER_FLOAT') numbers.push(this.#reader.text());
        else throw this.#barf('Inside anything but list, start|null|boolean is not supported.');
      }
    });
    if (strings.size > 0 === numbers.length > 0) {
      throw this.#barf('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    return strings.size > 0 ? anythingButStrings(strings) : anythingButNumbers(this.#excludedNumbers(numbers));
  }

  /** AWS checks excluded numbers when it builds the rule, after parsing: no position in the message. */
  #excludedNumbers(texts: readonly string[]): Set<number> {
    const excluded = new Set<number>();
    for (const text of texts) {
      const value = comparableValue(text);
      if (value === undefined) {
        this.#afterParse.push(() => {
          throw new PatternRejection(`Cannot compare number : ${text}`);
        });
      } else {
        excluded.add(value);
      }
    }
    return excluded;
  }

  /** `{"anything-but": {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": string | string[]}}`. */
  #anythingButOperator(): ValueMatcher {
    if (this.#next() !== 'FIELD_NAME') throw this.#barf('Anything-But expression name not found');
    const operator = this.#reader.currentName();
    if (
      operator !== 'prefix' &&
      operator !== 'suffix' &&
      operator !== 'equals-ignore-case' &&
      operator !== 'wildcard'
    ) {
      throw this.#barf(`Unsupported anything-but pattern: ${operator}`);
    }
    const typeError =
      operator === 'wildcard'
        ? 'wildcard match pattern must be a string'
        : operator === 'equals-ignore-case'
          ? ANYTHING_BUT_IGNORE_CASE_TYPE
          : 'prefix/suffix match pattern must be a string';
    const token = this.#next();
    if (
      token !== 'START_ARRAY' &&
      token !== 'VALUE_STRING' &&
      token !== 'VALUE_NUMBER_INT' &&
      token !== 'VALUE_NUMBER_FLOAT'
    ) {
      throw this.#barf(ANYTHING_BUT_VALUE);
    }
    const predicates: StringPredicate[] = [];
    if (token === 'START_ARRAY') {
      this.#inList(() => {
        for (let item = this.#next(); item !== 'END_ARRAY'; item = this.#next()) {
          if (item !== 'VALUE_STRING') throw this.#barf(typeError);
          predicates.push(this.#anythingButPredicate(operator, this.#reader.text()));
        }
      });
      if (predicates.length === 0) {
        // AWS answers InternalFailure (HTTP 500) for an empty list here, whatever the event.
        this.#afterParse.push(() => {
          throw new PatternRejection('', 'internal-failure');
        });
      }
    } else if (token === 'VALUE_STRING') {
      predicates.push(this.#anythingButPredicate(operator, this.#reader.text()));
    } else {
      throw this.#barf(typeError);
    }
    const closing = operator === 'equals-ignore-case' ? TOO_MANY_NUMERIC : ONE_KEY;
    if (this.#next() !== 'END_OBJECT') throw this.#barf(closing);
    return anythingButMatching(predicates);
  }

  #anythingButPredicate(
    operator: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard',
    text: string,
  ): StringPredicate {
    switch (operator) {
      case 'prefix':
        if (text === '') throw this.#barf('Null prefix/suffix not allowed');
        return (value) => value.startsWith(text);
      case 'suffix':
        if (text === '') throw this.#barf('Null prefix/suffix not allowed');
        return (value) => value.endsWith(text);
      case 'equals-ignore-case':
        return ignoreCasePredicate(text, 'whole');
      case 'wildcard':
        return wildcardPredicate(this.#wildcard(text));
    }
  }
}
