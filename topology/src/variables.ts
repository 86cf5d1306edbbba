import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCloudFormationYaml } from './cfn-yaml.ts';

/** What the Serverless Framework's variable sources resolve to when the local cloud loads a stack. */
export interface VariableContext {
  readonly stage: string;
  /** `--region`, when given: otherwise `${opt:region, 'x'}` takes its fallback, as the CLI does. */
  readonly region: string | undefined;
  readonly accountId: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The serverless.yml's path: `file(...)` paths are relative to its folder. */
  readonly configPath: string;
}

const VARIABLE = /\$\{([^${}]*)\}/g;

/**
 * The framework resolves only `${source:address}` and `${file(...)}` forms; anything else
 * (`${AWS::Region}`, `${Queue.Arn}`) belongs to CloudFormation's `Fn::Sub` and stays as written.
 */
const FRAMEWORK_VARIABLE = /^\s*(?:[a-zA-Z][a-zA-Z0-9]*:(?!:)|file\()/;

function findVariable(text: string): { text: string; expression: string } | undefined {
  for (const match of text.matchAll(VARIABLE)) {
    const expression = match[1] ?? '';
    if (FRAMEWORK_VARIABLE.test(expression)) return { text: match[0], expression };
  }
  return undefined;
}

/**
 * Resolves the Serverless Framework v3 variables a stack uses: `self:`, `sls:stage`,
 * `opt:stage`/`opt:region`, `env:`, `aws:accountId`/`aws:region`, `file(...)` with an
 * optional `:address`, and `, fallback` values (nested variables resolve innermost first).
 * Any other source (`ssm:`, `cf:`, `s3:`, ...) is an error naming it: the local cloud never
 * guesses a value it cannot know.
 * https://www.serverless.com/framework/docs/guides/variables
 */
export function resolveVariables(config: Record<string, unknown>, context: VariableContext): Record<string, unknown> {
  const resolving = new Set<string>();

  function resolveSelf(address: string): unknown {
    if (resolving.has(address)) throw new Error(`${context.configPath}: variable \${self:${address}} refers to itself`);
    resolving.add(address);
    let node: unknown = config;
    for (const key of address.split('.').filter(Boolean)) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    const value = resolveValue(node, `self:${address}`);
    resolving.delete(address);
    return value;
  }

  function resolveSource(expression: string, where: string): unknown {
    const [head, ...fallbacks] = splitTopLevel(expression);
    const candidates = [head ?? '', ...fallbacks];
    for (const candidate of candidates) {
      const value = resolveSingle(candidate.trim(), where);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  }

  function resolveSingle(expression: string, where: string): unknown {
    const literal = /^(['"])(.*)\1$/.exec(expression);
    if (literal) return literal[2];
    if (/^-?\d+(\.\d+)?$/.test(expression)) return Number(expression);
    if (expression === 'true' || expression === 'false') return expression === 'true';
    const fileMatch = /^file\(([^)]+)\)(?::(.+))?$/.exec(expression);
    if (fileMatch) return readFileVariable(fileMatch[1] ?? '', fileMatch[2]);
    const colon = expression.indexOf(':');
    const source = colon < 0 ? expression : expression.slice(0, colon);
    const address = colon < 0 ? '' : expression.slice(colon + 1);
    switch (source) {
      case 'self':
        return resolveSelf(address);
      case 'sls':
        if (address === 'stage') return context.stage;
        break;
      case 'opt':
        if (address === 'stage') return context.stage;
        if (address === 'region') return context.region;
        return undefined;
      case 'env':
        return context.env[address];
      case 'aws':
        if (address === 'accountId') return context.accountId;
        if (address === 'region') return context.region ?? resolveSelf('provider.region');
        break;
      default:
        break;
    }
    throw new Error(
      `${context.configPath}: variable \${${expression}} at ${where} uses a source the local cloud does not support`,
    );
  }

  function readFileVariable(path: string, address: string | undefined): unknown {
    const file = resolve(dirname(context.configPath), path.trim());
    const text = readFileSync(file, 'utf8');
    let value: unknown = file.endsWith('.json') ? JSON.parse(text) : parseCloudFormationYaml(text, file);
    for (const key of (address ?? '').split('.').filter(Boolean)) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    return value;
  }

  function resolveString(text: string, where: string): unknown {
    let current: unknown = text;
    for (let guard = 0; typeof current === 'string' && guard < 100; guard++) {
      const match = findVariable(current);
      if (!match) return current;
      const value = resolveSource(match.expression, where);
      if (value === undefined) {
        throw new Error(`${context.configPath}: variable \${${match.expression}} at ${where} resolved to nothing`);
      }
      if (match.text === current) {
        current = value;
      } else if (typeof value === 'object') {
        throw new Error(
          `${context.configPath}: variable \${${match.expression}} at ${where} is an object inside a string`,
        );
      } else {
        current = current.replace(match.text, String(value));
      }
    }
    return current;
  }

  function resolveValue(node: unknown, where: string): unknown {
    if (typeof node === 'string') return resolveString(node, where);
    if (Array.isArray(node)) return node.map((item, index) => resolveValue(item, `${where}[${index}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, resolveValue(value, where ? `${where}.${key}` : key)]),
      );
    }
    return node;
  }

  return resolveValue(config, '') as Record<string, unknown>;
}

/** Splits `a, 'b, c', d` on top-level commas (not inside quotes or parentheses). */
function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}
