import { describe, expect, it } from 'vitest';
import { JsonLocatedError, JsonReader, type JsonToken } from './json-reader.ts';

function tokens(text: string): Array<JsonToken | undefined> {
  const reader = new JsonReader(text);
  const out: Array<JsonToken | undefined> = [];
  for (let token = reader.nextToken(); token !== undefined; token = reader.nextToken()) out.push(token);
  return out;
}

function errorOf(text: string): string {
  try {
    tokens(text);
  } catch (error) {
    if (error instanceof JsonLocatedError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('JsonReader', () => {
  it('streams tokens, keeping duplicate keys', () => {
    expect(tokens('{"a": [1, "x"], "a": null}')).toEqual([
      'START_OBJECT',
      'FIELD_NAME',
      'START_ARRAY',
      'VALUE_NUMBER_INT',
      'VALUE_STRING',
      'END_ARRAY',
      'FIELD_NAME',
      'VALUE_NULL',
      'END_OBJECT',
    ]);
  });

  it('keeps the lexeme of numbers', () => {
    const reader = new JsonReader('[1.50e+2]');
    reader.nextToken();
    expect(reader.nextToken()).toBe('VALUE_NUMBER_FLOAT');
    expect(reader.text()).toBe('1.50e+2');
  });

  it('unescapes strings', () => {
    const reader = new JsonReader('["a\\"b\\u00e9\\n"]');
    reader.nextToken();
    reader.nextToken();
    expect(reader.text()).toBe('a"bé\n');
  });

  it.each([
    ['{"a" 1}', `Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value`, 6],
    ['[1 2]', `Unexpected character ('2' (code 50)): was expecting comma to separate Array entries`, 4],
    [
      '{"a": tru}',
      `Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      10,
    ],
    ['[01]', 'Invalid numeric value: Leading zeroes not allowed', 3],
    ['["\\q"]', `Unrecognized character escape 'q' (code 113)`, 5],
    ['{"a": }', `Unexpected character ('}' (code 125)): expected a value`, 7],
  ])('reports %j as Jackson does', (text, reason, column) => {
    expect(errorOf(text)).toBe(`${reason}\n at [Source: (String)"${text}"; line: 1, column: ${column}]`);
  });

  it('quotes at most 500 characters of the source', () => {
    const text = `[${'1,'.repeat(300)}x]`;
    expect(errorOf(text)).toContain(`"[truncated ${text.length - 500} chars]; line: 1, column: 603]`);
  });
});
