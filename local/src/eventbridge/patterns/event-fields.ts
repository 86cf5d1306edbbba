/**
 * An event seen the way EventBridge matches it: a list of leaf fields.
 *
 * EventBridge (event-ruler) flattens the event JSON into fields named by the dotted path of object
 * keys (`{"detail": {"state": "x"}}` gives `detail.state`; a key that itself contains a dot is not
 * split, so `{"a.b": 1}` and `{"a": {"b": 1}}` both give `a.b`). Only leaves are fields: strings,
 * numbers, `true`, `false` and `null`; an empty object or array contributes nothing. Arrays add no
 * name segment — each element is flattened under the array's name — but every field remembers which
 * element of which array it came from, so that a match never combines fields from different
 * elements of the same array ("array consistency").
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 */

import { comparableValue } from './comparable-number.ts';
import type { JsonNode } from './json-tree.ts';

/** One leaf value, with numbers kept as written so that exact digits can be compared. */
export type EventValue =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly text: string; readonly value: number | undefined }
  | { readonly kind: 'true' | 'false' | 'null' };

/** Pairs of (array id, element index), outermost array first. */
export type Membership = readonly number[];

export interface EventField {
  readonly value: EventValue;
  readonly membership: Membership;
}

/** Fields by name; only the names a pattern asks about are collected. */
export type EventFields = ReadonlyMap<string, readonly EventField[]>;

/** Which names to collect, and which names lead to them. */
export interface FieldSelection {
  readonly names: ReadonlySet<string>;
  readonly prefixes: ReadonlySet<string>;
}

const NO_MEMBERSHIP: Membership = [];

/** Flattens a parsed JavaScript value (what `JSON.parse` returns). */
export function flattenValue(event: unknown, selection: FieldSelection): EventFields {
  const fields = new Map<string, EventField[]>();
  let nextArrayId = 0;
  const visit = (value: unknown, name: string, membership: Membership): void => {
    if (Array.isArray(value)) {
      const arrayId = nextArrayId++;
      value.forEach((element, index) => {
        visit(element, name, [...membership, arrayId, index]);
      });
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childName = name === '' ? key : `${name}.${key}`;
        if (selection.names.has(childName) || selection.prefixes.has(childName)) visit(child, childName, membership);
      }
      return;
    }
    if (!selection.names.has(name)) return;
    const leaf = leafOfValue(value);
    if (leaf !== undefined) addField(fields, name, { value: leaf, membership });
  };
  visit(event, '', NO_MEMBERSHIP);
  return fields;
}

/** Flattens a lexeme-preserving tree (duplicate keys all count, as they do on AWS). */
export function flattenNode(event: JsonNode, selection: FieldSelection): EventFields {
  const fields = new Map<string, EventField[]>();
  let nextArrayId = 0;
  const visit = (node: JsonNode, name: string, membership: Membership): void => {
    switch (node.type) {
      case 'array': {
        const arrayId = nextArrayId++;
        node.items.forEach((element, index) => {
          visit(element, name, [...membership, arrayId, index]);
        });
        return;
      }
      case 'object':
        for (const [key, child] of node.entries) {
          const childName = name === '' ? key : `${name}.${key}`;
          if (selection.names.has(childName) || selection.prefixes.has(childName)) visit(child, childName, membership);
        }
        return;
      default:
        if (selection.names.has(name)) addField(fields, name, { value: leafOfNode(node), membership });
    }
  };
  visit(event, '', NO_MEMBERSHIP);
  return fields;
}

function addField(fields: Map<string, EventField[]>, name: string, field: EventField): void {
  const existing = fields.get(name);
  if (existing) existing.push(field);
  else fields.set(name, [field]);
}

function leafOfValue(value: unknown): EventValue | undefined {
  switch (typeof value) {
    case 'string':
      return { kind: 'string', text: value };
    case 'number':
      return Number.isFinite(value) ? { kind: 'number', text: String(value), value } : undefined;
    case 'bigint':
      return numberOfIntegerText(value.toString());
    case 'boolean':
      return { kind: value ? 'true' : 'false' };
    default:
      return value === null ? { kind: 'null' } : undefined;
  }
}

function leafOfNode(node: Exclude<JsonNode, { type: 'object' | 'array' }>): EventValue {
  switch (node.type) {
    case 'string':
      return { kind: 'string', text: node.value };
    case 'number':
      return numberOfLexeme(node.text);
    case 'true':
    case 'false':
    case 'null':
      return { kind: node.type };
  }
}

/**
 * An event number as AWS compares it: an integer keeps its exact digits (a 19-digit id still
 * matches the same 19 digits) and takes part in numeric comparison when a double holds it exactly;
 * a number with a fraction or exponent is read as a double, as AWS does (`1.0000000000000001` is 1).
 */
function numberOfLexeme(text: string): EventValue {
  if (/^-?\d+$/.test(text)) return numberOfIntegerText(text);
  const value = Number(text);
  return Number.isFinite(value)
    ? { kind: 'number', text: String(value), value }
    : { kind: 'number', text: String(value), value: undefined };
}

function numberOfIntegerText(text: string): EventValue {
  return { kind: 'number', text, value: comparableValue(text) };
}

/** Whether two fields can come from one consistent choice of array elements; their union if so. */
export function mergeMembership(current: Membership, next: Membership): Membership | undefined {
  if (next.length === 0) return current;
  if (current.length === 0) return next;
  let merged: number[] | undefined;
  for (let i = 0; i < next.length; i += 2) {
    const arrayId = next[i];
    const index = next[i + 1];
    let found = false;
    for (let j = 0; j < current.length; j += 2) {
      if (current[j] === arrayId) {
        if (current[j + 1] !== index) return undefined;
        found = true;
        break;
      }
    }
    if (!found) {
      merged ??= [...current];
      merged.push(arrayId as number, index as number);
    }
  }
  return merged ?? current;
}
