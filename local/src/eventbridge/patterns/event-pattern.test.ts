import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../edge/aws-error.ts';
import { compileEventPattern, matchesEventPattern, testEventPattern } from './index.ts';

interface DocsCase {
  readonly name: string;
  readonly doc: string;
  readonly pattern: unknown;
  readonly event: Record<string, unknown>;
  readonly matches: boolean;
}

const docs = JSON.parse(readFileSync(new URL('./fixtures/aws-docs-examples.json', import.meta.url), 'utf8')) as {
  readonly cases: readonly DocsCase[];
};

const ENVELOPE = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'Order Placed',
  source: 'shop.orders',
  account: '123456789012',
  time: '2026-01-02T03:04:05Z',
  region: 'eu-west-1',
  resources: [],
};

function matches(pattern: unknown, detail: unknown): boolean {
  return matchesEventPattern(compileEventPattern(pattern), { ...ENVELOPE, detail });
}

function rejection(pattern: unknown): string {
  try {
    compileEventPattern(pattern);
  } catch (error) {
    if (isAwsError(error)) return `${error.code}: ${error.message.split('\n')[0]}`;
    throw error;
  }
  return 'accepted';
}

describe('event patterns: the AWS documentation examples', () => {
  it.each(docs.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    expect(matchesEventPattern(compileEventPattern(c.pattern), c.event)).toBe(c.matches);
    expect(testEventPattern({ EventPattern: JSON.stringify(c.pattern), Event: JSON.stringify(c.event) })).toEqual({
      Result: c.matches,
    });
  });
});

describe('compileEventPattern', () => {
  it('accepts a pattern given as an object, as templates provide it', () => {
    expect(matches({ detail: { state: ['paid'] } }, { state: 'paid' })).toBe(true);
  });

  it('rejects an invalid pattern with InvalidEventPatternException and the reason AWS gives', () => {
    expect(rejection('{"detail": {"state": "paid"}}')).toBe(
      'InvalidEventPatternException: Event pattern is not valid. Reason: "state" must be an object or an array',
    );
  });

  it('reports where in the pattern the problem is, as AWS does', () => {
    expect(() => compileEventPattern('{\n  "source": []\n}')).toThrow(
      'Event pattern is not valid. Reason: Empty arrays are not allowed\n at [Source: (String)"{\n  "source": []\n}"; line: 2, column: 15]',
    );
  });

  it.each([
    ['a number instead of an object', '42', 'Filter is not an object'],
    ['malformed JSON', '{"source": ["a"', 'Unexpected end-of-input: expected close marker for ARRAY'],
    ['an operator that does not exist', '{"a": [{"contains": "x"}]}', 'Unrecognized match type contains'],
    ['operator names in another case', '{"a": [{"Prefix": "x"}]}', 'Unrecognized match type Prefix'],
    [
      'two operators in one object',
      '{"a": [{"prefix": "x", "suffix": "y"}]}',
      'Only one key allowed in match expression',
    ],
    ['suffix with a number', '{"a": [{"suffix": 1}]}', 'suffix match pattern must be a string'],
    [
      'equals-ignore-case with a list',
      '{"a": [{"equals-ignore-case": ["x"]}]}',
      'equals-ignore-case match pattern must be a string',
    ],
    ['numeric without an array', '{"a": [{"numeric": 5}]}', 'Value of numeric must be an array.'],
    ['numeric with a number first', '{"a": [{"numeric": [5]}]}', 'Invalid member in numeric match: 5'],
    [
      'numeric with too many terms',
      '{"a": [{"numeric": [">", 0, "<", 5, 6]}]}',
      'Too many terms in numeric range expression',
    ],
    [
      'a numeric range with a value for an operator',
      '{"a": [{"numeric": [">", 0, 5]}]}',
      'Bad value in numeric range: 5',
    ],
    ['cidr without a mask', '{"a": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
    ['cidr with a non-integer mask', '{"a": [{"cidr": "10.0.0.0/x"}]}', 'Malformed CIDR, mask bits must be an integer'],
    ['cidr with a negative mask', '{"a": [{"cidr": "10.0.0.0/-1"}]}', 'Malformed CIDR, mask bits must not be negative'],
    ['cidr with an out-of-range address', '{"a": [{"cidr": "300.0.0.0/8"}]}', 'Invalid IP address: 300.0.0.0'],
    ['cidr with a hostname', '{"a": [{"cidr": "example.com/8"}]}', 'Nonstandard IP address: example.com'],
    ['cidr with a list', '{"a": [{"cidr": ["10.0.0.0/8"]}]}', 'prefix match pattern must be a string'],
    ['exists with a string', '{"a": [{"exists": "true"}]}', 'exists match pattern must be either true or false.'],
    [
      'anything-but with an unknown operator',
      '{"a": [{"anything-but": {"numeric": [">", 1]}}]}',
      'Unsupported anything-but pattern: numeric',
    ],
    ['anything-but with an empty object', '{"a": [{"anything-but": {}}]}', 'Anything-But expression name not found'],
    [
      'anything-but with null in a list',
      '{"a": [{"anything-but": ["x", null]}]}',
      'Inside anything but list, start|null|boolean is not supported.',
    ],
    [
      'anything-but prefix with an empty string in a list',
      '{"a": [{"anything-but": {"prefix": ["x", ""]}}]}',
      'Null prefix/suffix not allowed',
    ],
    [
      'anything-but wildcard with two stars',
      '{"a": [{"anything-but": {"wildcard": "a**"}}]}',
      'Consecutive wildcard characters at pos 2',
    ],
    [
      'prefix with an unknown nested operator',
      '{"a": [{"prefix": {"wildcard": "x"}}]}',
      'Unsupported prefix pattern: wildcard',
    ],
    ['$or that is not a list', '{"$or": {"a": ["x"]}}', 'It must be an Array followed with $or.'],
    ['$or with one branch', '{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
    ['a wildcard that is too complex', '{"a": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}', 'Rule is too complex'],
  ])('rejects %s', (_name, pattern, reason) => {
    expect(rejection(pattern)).toContain(`InvalidEventPatternException: Event pattern is not valid. Reason: ${reason}`);
  });

  it('fails with InternalFailure (HTTP 500) for an empty anything-but operator list, as AWS does', () => {
    try {
      compileEventPattern('{"a": [{"anything-but": {"suffix": []}}]}');
      expect.unreachable();
    } catch (error) {
      expect(isAwsError(error) && [error.code, error.statusCode]).toEqual(['InternalFailure', 500]);
    }
  });

  it('allows operator names as field names outside $or', () => {
    expect(matches({ prefix: ['x'] }, undefined)).toBe(false);
    expect(matchesEventPattern(compileEventPattern({ prefix: ['x'] }), { prefix: 'x' })).toBe(true);
  });

  it('expands $or into up to 1000 combinations', () => {
    const groups = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`g${i}`, { $or: [{ v: [1] }, { v: [2] }] }]),
    );
    const compiled = compileEventPattern({ detail: groups });
    expect(compiled.subRules).toHaveLength(512);
  });
});

describe('matchesEventPattern: exact values', () => {
  it('compares numbers numerically and strings exactly, never across types', () => {
    expect(matches({ detail: { n: [300] } }, { n: 300 })).toBe(true);
    expect(matches({ detail: { n: [300] } }, { n: 3.0e2 })).toBe(true);
    expect(matches({ detail: { n: [300] } }, { n: '300' })).toBe(false);
    expect(matches({ detail: { n: ['300'] } }, { n: 300 })).toBe(false);
    expect(matches({ detail: { b: [true] } }, { b: 'true' })).toBe(false);
  });

  it('is case sensitive for values and field names', () => {
    expect(matches({ detail: { state: ['Paid'] } }, { state: 'paid' })).toBe(false);
    expect(matches({ detail: { State: ['paid'] } }, { state: 'paid' })).toBe(false);
  });

  it('matches null only against null, not against a missing field', () => {
    expect(matches({ detail: { v: [null] } }, { v: null })).toBe(true);
    expect(matches({ detail: { v: [null] } }, {})).toBe(false);
    expect(matches({ detail: { v: [''] } }, { v: null })).toBe(false);
  });

  it('matches an IP address literal whatever its spelling', () => {
    expect(matches({ detail: { ip: ['2001:db8::1'] } }, { ip: '2001:0db8:0:0:0:0:0:1' })).toBe(true);
    expect(matches({ detail: { ip: ['10.0.0.1'] } }, { ip: '10.0.0.2' })).toBe(false);
  });

  it('does not match a field that holds an object', () => {
    expect(matches({ detail: { v: ['a'] } }, { v: { x: 'a' } })).toBe(false);
  });

  it('matches when any element of an event array matches', () => {
    expect(matches({ detail: { tags: ['b'] } }, { tags: ['a', 'b'] })).toBe(true);
    expect(matches({ detail: { tags: ['c'] } }, { tags: ['a', 'b'] })).toBe(false);
  });

  it('keeps each match within one element of an array of objects', () => {
    const pattern = { detail: { items: { sku: ['A'], qty: [2] } } };
    expect(matches(pattern, { items: [{ sku: 'A', qty: 2 }] })).toBe(true);
    expect(
      matches(pattern, {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 2 },
        ],
      }),
    ).toBe(false);
  });

  it('requires every field of the pattern (AND) and any value of a field (OR)', () => {
    const pattern = { source: ['shop.orders'], detail: { state: ['paid', 'shipped'] } };
    expect(matches(pattern, { state: 'shipped' })).toBe(true);
    expect(
      matchesEventPattern(compileEventPattern(pattern), { ...ENVELOPE, source: 'x', detail: { state: 'paid' } }),
    ).toBe(false);
  });

  it('reads dotted field names as paths', () => {
    expect(matches({ 'detail.order.id': ['o-1'] }, { order: { id: 'o-1' } })).toBe(true);
  });
});

describe('matchesEventPattern: prefix, suffix and case', () => {
  it('matches prefixes and suffixes of strings only', () => {
    expect(matches({ detail: { id: [{ prefix: 'ord-' }] } }, { id: 'ord-1' })).toBe(true);
    expect(matches({ detail: { id: [{ prefix: '1' }] } }, { id: 12 })).toBe(false);
    expect(matches({ detail: { f: [{ suffix: '.png' }] } }, { f: 'a.PNG' })).toBe(false);
    expect(matches({ detail: { f: [{ prefix: '' }] } }, { f: '' })).toBe(true);
  });

  it('ignores case in equals-ignore-case, prefix and suffix forms', () => {
    expect(matches({ detail: { s: [{ 'equals-ignore-case': 'PAID' }] } }, { s: 'paid' })).toBe(true);
    expect(matches({ detail: { s: [{ 'equals-ignore-case': 'PAID' }] } }, { s: 'paid!' })).toBe(false);
    expect(matches({ detail: { s: [{ prefix: { 'equals-ignore-case': 'ORD' } }] } }, { s: 'ord-1' })).toBe(true);
    expect(matches({ detail: { s: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, { s: 'A.PnG' })).toBe(true);
  });

  it('folds case one character at a time, as AWS does', () => {
    expect(matches({ detail: { s: [{ 'equals-ignore-case': 'straße' }] } }, { s: 'STRASSE' })).toBe(true);
    expect(matches({ detail: { s: [{ 'equals-ignore-case': 'K' }] } }, { s: '\u212a' })).toBe(false);
  });
});

describe('matchesEventPattern: anything-but', () => {
  it('matches every other value, including values of other types and null', () => {
    const pattern = { detail: { state: [{ 'anything-but': ['cancelled', 'failed'] }] } };
    expect(matches(pattern, { state: 'paid' })).toBe(true);
    expect(matches(pattern, { state: 'failed' })).toBe(false);
    expect(matches(pattern, { state: null })).toBe(true);
    expect(matches(pattern, { state: 7 })).toBe(true);
  });

  it('never matches a missing field', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'x' }] } }, {})).toBe(false);
  });

  it('excludes numbers numerically', () => {
    const pattern = { detail: { n: [{ 'anything-but': [100, 200] }] } };
    expect(matches(pattern, { n: 200.0 })).toBe(false);
    expect(matches(pattern, { n: '200' })).toBe(true);
  });

  it('excludes by prefix, suffix, case and wildcard', () => {
    expect(matches({ detail: { r: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] } }, { r: 'eu-west-1' })).toBe(
      false,
    );
    expect(matches({ detail: { f: [{ 'anything-but': { suffix: '.tmp' } }] } }, { f: 'a.txt' })).toBe(true);
    expect(matches({ detail: { s: [{ 'anything-but': { 'equals-ignore-case': 'Init' } }] } }, { s: 'INIT' })).toBe(
      false,
    );
    expect(matches({ detail: { p: [{ 'anything-but': { wildcard: '*/tmp/*' } }] } }, { p: '/var/tmp/x' })).toBe(false);
  });

  it('matches an event array when any element is not excluded', () => {
    expect(matches({ detail: { v: [{ 'anything-but': 'a' }] } }, { v: ['a', 'b'] })).toBe(true);
    expect(matches({ detail: { v: [{ 'anything-but': 'a' }] } }, { v: ['a'] })).toBe(false);
  });
});

describe('matchesEventPattern: numeric', () => {
  it.each([
    ['=', [['=', 10]], 10, true],
    ['= with an exponent', [['=', 1e1]], 10.0, true],
    ['<', [['<', 10]], 10, false],
    ['<=', [['<=', 10]], 10, true],
    ['>', [['>', 10]], 10, false],
    ['>=', [['>=', 10]], 10, true],
    ['a closed range', [['>=', 0, '<=', 5]], 5, true],
    ['an open range', [['>', 0, '<', 5]], 5, false],
    ['negative numbers', [['<', 0]], -0.5, true],
    ['large numbers', [['>', 5e9]], 6e9, true],
  ])('supports %s', (_name, [expression], value, expected) => {
    expect(matches({ detail: { n: [{ numeric: expression }] } }, { n: value })).toBe(expected);
  });

  it('never matches strings, even numeric ones', () => {
    expect(matches({ detail: { n: [{ numeric: ['>', 0] }] } }, { n: '5' })).toBe(false);
  });
});

describe('matchesEventPattern: cidr', () => {
  it('matches IPv4 and IPv6 addresses in the block', () => {
    expect(matches({ detail: { ip: [{ cidr: '192.168.0.0/16' }] } }, { ip: '192.168.10.1' })).toBe(true);
    expect(matches({ detail: { ip: [{ cidr: '192.168.0.0/16' }] } }, { ip: '192.169.0.1' })).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: 'fd00::/8' }] } }, { ip: 'fd12:3456::1' })).toBe(true);
  });

  it('starts the block at the address as written, not at the network address', () => {
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.8/24' }] } }, { ip: '10.0.0.7' })).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.8/24' }] } }, { ip: '10.0.0.9' })).toBe(true);
  });
});

describe('matchesEventPattern: exists', () => {
  it('looks at leaves only: null counts, objects and empty arrays do not', () => {
    const present = { detail: { v: [{ exists: true }] } };
    expect(matches(present, { v: null })).toBe(true);
    expect(matches(present, { v: { nested: 1 } })).toBe(false);
    expect(matches(present, { v: [] })).toBe(false);
    expect(matches(present, { v: ['x'] })).toBe(true);
  });

  it('treats a field under a missing parent as absent', () => {
    expect(matches({ detail: { order: { coupon: [{ exists: false }] } } }, {})).toBe(true);
  });

  it('judges absence within the array element the fields named before it matched', () => {
    const pattern = { detail: { lines: { id: ['A'], refund: [{ exists: false }] } } };
    expect(matches(pattern, { lines: [{ id: 'A' }, { id: 'B', refund: true }] })).toBe(true);
    expect(matches(pattern, { lines: [{ id: 'A', refund: true }] })).toBe(false);
  });

  it('judges an absent field that sorts first against the whole event, as AWS does', () => {
    const pattern = { detail: { lines: { refund: [{ exists: false }], sku: ['A'] } } };
    expect(matches(pattern, { lines: [{ sku: 'A' }, { sku: 'B', refund: true }] })).toBe(false);
  });
});

describe('matchesEventPattern: wildcard', () => {
  it.each([
    ['*.png', 'photo.png', true],
    ['*.png', 'photo.png.txt', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['*', '', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'aXb', false],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aba', false],
  ])('%s against %j is %s', (wildcard, value, expected) => {
    expect(matches({ detail: { s: [{ wildcard }] } }, { s: value })).toBe(expected);
  });

  it('matches strings only', () => {
    expect(matches({ detail: { s: [{ wildcard: '*' }] } }, { s: 5 })).toBe(false);
  });
});

describe('matchesEventPattern: $or', () => {
  it('matches when any branch matches, nested inside an object', () => {
    const pattern = { detail: { $or: [{ state: ['paid'] }, { total: [{ numeric: ['>', 100] }] }] } };
    expect(matches(pattern, { state: 'paid', total: 1 })).toBe(true);
    expect(matches(pattern, { state: 'new', total: 101 })).toBe(true);
    expect(matches(pattern, { state: 'new', total: 1 })).toBe(false);
  });

  it('nests $or inside $or', () => {
    const pattern = { $or: [{ source: ['a'] }, { $or: [{ source: ['b'] }, { 'detail-type': ['Order Placed'] }] }] };
    expect(matches(pattern, {})).toBe(true);
  });
});

describe('matchesEventPattern: reuse', () => {
  it('gives the same answers when one compiled pattern matches many events', () => {
    const compiled = compileEventPattern({ detail: { n: [{ numeric: ['>', 500] }] } });
    const answers = Array.from({ length: 1000 }, (_, n) => matchesEventPattern(compiled, { detail: { n } }));
    expect(answers.filter(Boolean)).toHaveLength(499);
  });

  it('ignores event fields the pattern does not name, however many', () => {
    const detail = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, { deep: [i] }]));
    expect(matches({ detail: { f9999: { deep: [9999] } } }, detail)).toBe(true);
  });
});
