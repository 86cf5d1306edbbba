/**
 * Pipes input transformation (`EnrichmentParameters.InputTemplate`, `TargetParameters.InputTemplate`):
 * a template with inline JSON paths (`<$.body.detail.data.orderId>`) and reserved variables
 * (`<aws.pipes.pipe-name>`), applied to each record of a batch separately.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
 *
 * The rendering rules (a JSON template quotes string values placed as JSON values, inserts text
 * inside string literals, a path that selects nothing gives an empty string) are EventBridge's
 * input transformer's, so this module rewrites the template into one and reuses it: one
 * implementation of those rules in the local cloud. The SQS `body` is parsed for paths when it
 * is JSON ("implicit body data parsing").
 */

import { applyInputTransformer, parseJsonPath } from '../eventbridge/transform/index.ts';

export interface PipeTemplateContext {
  readonly pipeArn: string;
  readonly pipeName: string;
  readonly sourceArn: string;
  readonly enrichmentArn: string | undefined;
  readonly targetArn: string;
  /** When the event reached this transformer, ISO 8601 (differs for enrichment and target). */
  readonly ingestionTime: string;
}

/** One event as a transformer sees it. */
export interface TemplateInput {
  /** The event as received (`<aws.pipes.event>`): an SQS record keeps its `body` as a string. */
  readonly raw: unknown;
  /** The event with encoded fields decoded: what paths and `<aws.pipes.event.json>` read. */
  readonly json: unknown;
}

const RESERVED = [
  'aws.pipes.pipe-arn',
  'aws.pipes.pipe-name',
  'aws.pipes.source-arn',
  'aws.pipes.enrichment-arn',
  'aws.pipes.target-arn',
  'aws.pipes.event.ingestion-time',
  'aws.pipes.event',
  'aws.pipes.event.json',
];
/** A JSON path (`<$...>`) or a variable name (`<aws.pipes.pipe-arn>`). */
const PLACEHOLDER = /<(\$[^<>]*|[A-Za-z0-9_.-]+)>/g;

/** Rejects a template with an unknown variable or a JSON path AWS would not accept. */
export function validateInputTemplate(template: string): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (name.startsWith('$')) {
      try {
        parseJsonPath(name);
      } catch {
        throw new Error(`contains an invalid JSON path <${name}>`);
      }
    } else if (!RESERVED.includes(name)) {
      throw new Error(
        `contains invalid placeholder <${name}> (Pipes templates take JSON paths and aws.pipes.* variables)`,
      );
    }
  }
}

/**
 * Renders the template for one event. The result is what the enrichment or target receives for
 * that event: the parsed value when the output is JSON, otherwise the text.
 */
export function renderInputTemplate(template: string, input: TemplateInput, context: PipeTemplateContext): unknown {
  const paths: Record<string, string> = {};
  let count = 0;
  const rewritten = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const variable = `pipes_${count++}`;
    paths[variable] = name.startsWith('$') ? `$.json${name.slice(1)}` : `$.reserved['${name}']`;
    return `<${variable}>`;
  });
  const scope = {
    json: input.json,
    reserved: {
      'aws.pipes.pipe-arn': context.pipeArn,
      'aws.pipes.pipe-name': context.pipeName,
      'aws.pipes.source-arn': context.sourceArn,
      'aws.pipes.enrichment-arn': context.enrichmentArn ?? '',
      'aws.pipes.target-arn': context.targetArn,
      'aws.pipes.event.ingestion-time': context.ingestionTime,
      'aws.pipes.event': input.raw,
      'aws.pipes.event.json': input.json,
    },
  };
  const text = applyInputTransformer(
    scope,
    { InputPathsMap: paths, InputTemplate: rewritten },
    { ruleArn: '', ruleName: '', ingestionTime: context.ingestionTime },
  );
  if (!/^\s*[[{"]/.test(template)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
