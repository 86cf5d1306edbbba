/**
 * A target's `InputTransformer`: fill a template with values taken from the matched event.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html
 *
 * - `InputPathsMap` names variables (`"instance": "$.detail.instance-id"`); the template uses them
 *   as `<instance>`. Five variables are predefined and win over the map: `aws.events.rule-arn`,
 *   `aws.events.rule-name`, `aws.events.event.ingestion-time`, `aws.events.event` (the envelope
 *   without `detail`, with `detailType` for `detail-type`, as AWS delivers it) and
 *   `aws.events.event.json` (the whole event).
 * - A template that starts with `{`, `[` or `"` is JSON. There a placeholder outside quotes becomes a
 *   JSON value: strings get quotes (`"instance": <instance>` gives `"instance": "i-0123"`), numbers,
 *   booleans, objects and arrays go in as JSON. Inside quotes the value goes in as text, without
 *   escaping (AWS does not escape), and an object or array loses its inner quotes
 *   (`"Detail is <detail>"` gives `"Detail is {key1: value1}"`). The JSON result is minified.
 * - Any other template is plain text and gets every value as text.
 * - A path that matches nothing gives an empty string (`""` in a JSON value position), as AWS does.
 */

import { AwsError } from '../../edge/aws-error.ts';
import { applyInputPath } from './input-path.ts';

export interface InputTransformer {
  readonly InputPathsMap?: Readonly<Record<string, string>>;
  readonly InputTemplate: string;
}

export interface TransformContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When EventBridge received the event, ISO 8601. */
  readonly ingestionTime: string;
}

const PLACEHOLDER = /^<([A-Za-z0-9_.-]+)>/;
const PREDEFINED = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event',
  'aws.events.event.json',
  'aws.events.event.ingestion-time',
] as const;
const MISSING = Symbol('missing');

/** Renders the template for one event; the result is the exact payload the target receives. */
export function applyInputTransformer(
  event: unknown,
  transformer: InputTransformer,
  context: TransformContext,
): string {
  const variables = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    const value = applyInputPath(event, path);
    variables.set(name, value === undefined ? MISSING : value);
  }
  variables.set('aws.events.rule-arn', context.ruleArn);
  variables.set('aws.events.rule-name', context.ruleName);
  variables.set('aws.events.event.ingestion-time', context.ingestionTime);
  variables.set('aws.events.event', envelopeOf(event));
  variables.set('aws.events.event.json', event);

  const template = transformer.InputTemplate;
  const json = /^\s*[[{"]/.test(template);
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; ) {
    const c = template.charAt(i);
    if (json && inString && c === '\\') {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (json && c === '"') inString = !inString;
    if (c === '<') {
      const match = PLACEHOLDER.exec(template.slice(i, i + 300));
      const name = match?.[1];
      if (match && name !== undefined && variables.has(name)) {
        const value = variables.get(name);
        out += json && !inString ? asJsonValue(value) : asText(value);
        i += match[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return /^\s*[[{]/.test(template) ? minify(out) : out;
}

/**
 * Rejects a template that uses a placeholder neither the map nor AWS defines, as `PutTargets` does:
 * "InputTemplate for target <id> contains invalid placeholder <name>."
 */
export function validateInputTransformer(transformer: InputTransformer, targetId: string): void {
  const defined = new Set<string>([...Object.keys(transformer.InputPathsMap ?? {}), ...PREDEFINED]);
  for (const match of transformer.InputTemplate.matchAll(/<([A-Za-z0-9_.-]+)>/g)) {
    const name = match[1] ?? '';
    if (!defined.has(name)) {
      throw new AwsError(
        'ValidationException',
        `InputTemplate for target ${targetId} contains invalid placeholder ${name}.`,
      );
    }
  }
}

function asJsonValue(value: unknown): string {
  if (value === MISSING) return '""';
  return JSON.stringify(value) ?? '""';
}

function asText(value: unknown): string {
  if (value === MISSING) return '';
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return (JSON.stringify(value) ?? '').replaceAll('"', '');
  return String(value);
}

/** `<aws.events.event>`: the envelope AWS hands to templates (no `detail`; `detailType`). */
function envelopeOf(event: unknown): unknown {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const source = event as Record<string, unknown>;
  return {
    id: source.id,
    account: source.account,
    detailType: source['detail-type'],
    time: source.time,
    source: source.source,
    region: source.region,
    resources: source.resources,
    version: source.version,
  };
}

/** Removes whitespace outside string literals, leaving everything else as written. */
function minify(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text.charAt(i + 1);
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      out += c;
    }
  }
  return out;
}
