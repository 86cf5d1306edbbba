/**
 * A JSON document as EventBridge reads an event: duplicate keys are all kept (AWS matches
 * `{"v": 0, "v": 1}` against both `[0]` and `[1]`) and numbers keep their lexeme.
 */

import { JsonReader, type JsonToken } from './json-reader.ts';

export type JsonNode =
  | { readonly type: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'true' | 'false' | 'null' };

/** Parses one JSON document; throws `JsonLocatedError` on malformed or trailing input. */
export function parseJsonTree(text: string): JsonNode {
  const reader = new JsonReader(text);
  const first = reader.nextToken();
  if (first === undefined) throw reader.error('No content to map due to end-of-input');
  const root = readNode(reader, first);
  if (reader.nextToken() !== undefined) throw reader.error('Unexpected trailing token');
  return root;
}

function readNode(reader: JsonReader, token: JsonToken): JsonNode {
  switch (token) {
    case 'START_OBJECT': {
      const entries: Array<readonly [string, JsonNode]> = [];
      for (let next = reader.nextToken(); next !== 'END_OBJECT'; next = reader.nextToken()) {
        const name = reader.currentName();
        const valueToken = reader.nextToken();
        if (valueToken === undefined) throw reader.error('Unexpected end-of-input');
        entries.push([name, readNode(reader, valueToken)]);
      }
      return { type: 'object', entries };
    }
    case 'START_ARRAY': {
      const items: JsonNode[] = [];
      for (let next = reader.nextToken(); next !== 'END_ARRAY'; next = reader.nextToken()) {
        if (next === undefined) throw reader.error('Unexpected end-of-input');
        items.push(readNode(reader, next));
      }
      return { type: 'array', items };
    }
    case 'VALUE_STRING':
      return { type: 'string', value: reader.text() };
    case 'VALUE_NUMBER_INT':
    case 'VALUE_NUMBER_FLOAT':
      return { type: 'number', text: reader.text() };
    case 'VALUE_TRUE':
      return { type: 'true' };
    case 'VALUE_FALSE':
      return { type: 'false' };
    case 'VALUE_NULL':
      return { type: 'null' };
    default:
      throw reader.error(`Unexpected token ${token}`);
  }
}

/** The value of a key of an object node (the last one when the key repeats). */
export function memberOf(node: JsonNode, key: string): JsonNode | undefined {
  if (node.type !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const [name, value] of node.entries) if (name === key) found = value;
  return found;
}
