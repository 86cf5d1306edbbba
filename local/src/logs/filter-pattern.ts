/**
 * CloudWatch Logs filter patterns, as FilterLogEvents and metric filters read them, for the two
 * forms people use on structured logs:
 * - terms: `ERROR`, `"payment declined"` (an exact phrase), several terms that must all appear,
 *   `?ERROR ?WARN` (any of them), `-DEBUG` (must not appear); matching is case-sensitive;
 * - JSON: `{ $.level = "ERROR" }`, `{ $.durationMs > 100 }`, `{ $.orderId = "ord_*" }`,
 *   `{ $.x IS TRUE }` (FALSE, NULL), `{ $.x EXISTS }`, `{ $.x NOT EXISTS }`, conditions joined by `&&` or `||`, with parentheses.
 * An empty pattern matches every event. Space-delimited patterns (`[ip, user, ...]`) are not
 * read here and are refused by name.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export type LogFilter = (message: string) => boolean;

export class FilterPatternError extends Error {}

export function compileFilterPattern(pattern: string | undefined): LogFilter {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) {
    throw new FilterPatternError('Space-delimited filter patterns ([...]) are not supported by the local cloud.');
  }
  return compileTermPattern(text);
}

function compileTermPattern(text: string): LogFilter {
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  const tokens = text.match(/[?-]?"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  for (const token of tokens) {
    const prefix = token[0] === '?' || token[0] === '-' ? token[0] : '';
    let term = prefix ? token.slice(1) : token;
    if (term.startsWith('"')) {
      if (!term.endsWith('"') || term.length < 2) throw new FilterPatternError(`Unterminated quoted term: ${token}`);
      term = term.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (term === '') throw new FilterPatternError(`Empty term in filter pattern: ${token}`);
    (prefix === '?' ? optional : prefix === '-' ? excluded : required).push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (optional.length === 0 || optional.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}

type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'exists'; path: string[]; negated: boolean }
  | { kind: 'compare'; path: string[]; operator: string; value: string | number | boolean | null; quoted: boolean };

function compileJsonPattern(text: string): LogFilter {
  if (!text.endsWith('}')) throw new FilterPatternError('A JSON filter pattern must end with }');
  const tokens = tokenize(text.slice(1, -1));
  let position = 0;
  const peek = () => tokens[position];
  const next = () => {
    const token = tokens[position++];
    if (token === undefined) throw new FilterPatternError('The JSON filter pattern ends too early.');
    return token;
  };

  const primary = (): Expression => {
    if (peek() === '(') {
      next();
      const inner = disjunction();
      if (next() !== ')') throw new FilterPatternError('Missing ) in the JSON filter pattern.');
      return inner;
    }
    const selector = next();
    if (!selector.startsWith('$')) throw new FilterPatternError(`Expected a $. selector, found ${selector}`);
    const path = parsePath(selector);
    if (peek() === 'IS') {
      next();
      const word = next();
      const value = word === 'TRUE' ? true : word === 'FALSE' ? false : word === 'NULL' ? null : undefined;
      if (value === undefined) throw new FilterPatternError(`Expected TRUE, FALSE or NULL after IS, found ${word}`);
      return { kind: 'compare', path, operator: '=', value, quoted: false };
    }
    if (peek() === 'EXISTS') {
      next();
      return { kind: 'exists', path, negated: false };
    }
    if (peek() === 'NOT' && tokens[position + 1] === 'EXISTS') {
      position += 2;
      return { kind: 'exists', path, negated: true };
    }
    const operator = next();
    if (!['=', '!=', '<', '>', '<=', '>='].includes(operator)) {
      throw new FilterPatternError(`Unknown operator ${operator} in the JSON filter pattern.`);
    }
    const raw = next();
    const quoted = raw.startsWith('"');
    let value: string | number | boolean | null;
    if (quoted) value = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (raw === 'NULL' || raw === 'null') value = null;
    else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) value = Number(raw);
    else value = raw;
    if (typeof value !== 'number' && ['<', '>', '<=', '>='].includes(operator)) {
      throw new FilterPatternError(`${operator} compares numbers only (found ${raw}).`);
    }
    return { kind: 'compare', path, operator, value, quoted };
  };
  const conjunction = (): Expression => {
    let left = primary();
    while (peek() === '&&') {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const disjunction = (): Expression => {
    let left = conjunction();
    while (peek() === '||') {
      next();
      left = { kind: 'or', left, right: conjunction() };
    }
    return left;
  };

  const expression = disjunction();
  if (position !== tokens.length) throw new FilterPatternError(`Unexpected ${peek()} in the JSON filter pattern.`);
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(expression, document);
  };
}

function tokenize(body: string): string[] {
  const tokens = body.match(/"(?:[^"\\]|\\.)*"|&&|\|\||!=|<=|>=|[=<>()]|[^\s=<>!()&|"]+/g) ?? [];
  const rest = body.replace(/"(?:[^"\\]|\\.)*"|&&|\|\||!=|<=|>=|[=<>()]|[^\s=<>!()&|"]+|\s+/g, '');
  if (rest !== '') throw new FilterPatternError(`Cannot read "${rest}" in the JSON filter pattern.`);
  return tokens;
}

function parsePath(selector: string): string[] {
  const path: string[] = [];
  const re = /\.([A-Za-z_$@][\w$@-]*)|\[(\d+)\]/g;
  let index = 1;
  for (let match = re.exec(selector); match; match = re.exec(selector)) {
    if (match.index !== index) break;
    path.push(match[1] ?? match[2] ?? '');
    index = re.lastIndex;
  }
  if (index !== selector.length || path.length === 0)
    throw new FilterPatternError(`Cannot read the selector ${selector}`);
  return path;
}

function valueAt(document: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let current: unknown = document;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) return { found: false, value: undefined };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

function evaluate(expression: Expression, document: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, document) && evaluate(expression.right, document);
    case 'or':
      return evaluate(expression.left, document) || evaluate(expression.right, document);
    case 'exists':
      return valueAt(document, expression.path).found !== expression.negated;
    case 'compare': {
      const { found, value } = valueAt(document, expression.path);
      if (!found) return false;
      const { operator, value: expected } = expression;
      if (typeof expected === 'number') {
        if (typeof value !== 'number') return false;
        if (operator === '=') return value === expected;
        if (operator === '!=') return value !== expected;
        if (operator === '<') return value < expected;
        if (operator === '>') return value > expected;
        if (operator === '<=') return value <= expected;
        return value >= expected;
      }
      const equal =
        typeof expected === 'string' ? typeof value === 'string' && wildcard(expected).test(value) : value === expected;
      return operator === '!=' ? !equal : equal;
    }
  }
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
}
