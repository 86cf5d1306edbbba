/**
 * The JSONPath subset EventBridge accepts in `InputPath` and `InputPathsMap`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 *
 * `$` is the event; steps are `.name`, `['name']` / `["name"]` (for names with dots or spaces),
 * `[n]` (negative counts from the end), `[*]` / `.*` (every element or member) and `..name` (every
 * `name` at any depth). A path with `*` or `..` is indefinite and yields the list of what it found,
 * as Jayway JsonPath (which AWS uses) does; a definite path yields the value or nothing.
 */

import { AwsError } from '../../edge/aws-error.ts';

type Step =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'descendants'; readonly name: string | undefined };

export interface JsonPath {
  readonly steps: readonly Step[];
  /** No wildcard or deep scan: the path names at most one value. */
  readonly definite: boolean;
}

const NAME_CHAR = /[^.[\]\s]/;

/** Parses a path; throws `ValidationException` for syntax AWS would not accept. */
export function parseJsonPath(path: string): JsonPath {
  const invalid = () => new AwsError('ValidationException', `Invalid JSON path: ${path}`);
  if (!path.startsWith('$')) throw invalid();
  const steps: Step[] = [];
  let i = 1;
  const readName = (): string => {
    const start = i;
    while (i < path.length && NAME_CHAR.test(path.charAt(i))) i++;
    if (i === start) throw invalid();
    return path.slice(start, i);
  };
  while (i < path.length) {
    const c = path.charAt(i);
    if (c === '.') {
      if (path.charAt(i + 1) === '.') {
        i += 2;
        if (path.charAt(i) === '*') {
          i++;
          steps.push({ kind: 'descendants', name: undefined });
        } else {
          steps.push({ kind: 'descendants', name: readName() });
        }
      } else if (path.charAt(i + 1) === '*') {
        i += 2;
        steps.push({ kind: 'all' });
      } else {
        i++;
        steps.push({ kind: 'member', name: readName() });
      }
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw invalid();
      const inside = path.slice(i + 1, close).trim();
      i = close + 1;
      const quoted = /^(['"])(.*)\1$/s.exec(inside);
      if (quoted) steps.push({ kind: 'member', name: (quoted[2] ?? '').replace(/\\(.)/g, '$1') });
      else if (inside === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inside)) steps.push({ kind: 'index', index: Number(inside) });
      else throw invalid();
    } else {
      throw invalid();
    }
  }
  return { steps, definite: steps.every((step) => step.kind === 'member' || step.kind === 'index') };
}

/** Everything a path selects in a value, in document order. */
export function selectJsonPath(root: unknown, path: JsonPath): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const value of current) applyStep(value, step, next);
    current = next;
  }
  return current;
}

function applyStep(value: unknown, step: Step, out: unknown[]): void {
  switch (step.kind) {
    case 'member':
      if (isObject(value) && Object.hasOwn(value, step.name)) out.push(value[step.name]);
      return;
    case 'index':
      if (Array.isArray(value)) {
        const index = step.index < 0 ? value.length + step.index : step.index;
        if (index >= 0 && index < value.length) out.push(value[index]);
      }
      return;
    case 'all':
      if (Array.isArray(value)) out.push(...value);
      else if (isObject(value)) out.push(...Object.values(value));
      return;
    case 'descendants':
      collectDescendants(value, step.name, out);
      return;
  }
}

function collectDescendants(value: unknown, name: string | undefined, out: unknown[]): void {
  if (Array.isArray(value)) {
    if (name === undefined) out.push(...value);
    for (const item of value) collectDescendants(item, name, out);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (name === undefined || key === name) out.push(child);
      collectDescendants(child, name, out);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
