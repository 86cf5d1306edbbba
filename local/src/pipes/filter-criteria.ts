import { nestsDeeperThan } from '../edge/json-depth.ts';
/**
 * Pipes filtering for an SQS source: `FilterCriteria.Filters[].Pattern` are EventBridge event
 * patterns matched against each SQS record; a record passes when any one filter matches.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-filtering.html
 *
 * - The message `body` is matched as JSON when it is JSON (here: when it parses to an object or
 *   an array), so `{"body": {"detail-type": ["OrderShipped"]}}` reaches into an EventBridge event
 *   delivered to the queue by a rule. A pattern whose `body` expects the other format (a JSON
 *   pattern for a plain-text body, a plain-string pattern for a JSON body) drops the record, as
 *   the "Properly filtering Amazon SQS messages" table says.
 * - Only fields the source API sends can be filtered: the fields Pipes adds while polling
 *   (`eventSourceARN`, `awsRegion`, ...) "can't be used in event patterns". AWS's reaction is not
 *   documented; such a pattern could never do what it says, so it is refused at start-up.
 * - Records that match no filter are deleted from the queue by the pipe (see `sqs-pipe.ts`).
 */

import type { SQSRecord } from 'aws-lambda';
import { type CompiledEventPattern, compileEventPattern, matchesEventPattern } from '../eventbridge/patterns/index.ts';

export interface FilterCriteria {
  /** Whether the record passes at least one filter. */
  matches(record: SQSRecord): boolean;
}

/** Fields added by the poller, which Pipes patterns cannot use. */
const POLLER_FIELDS = [
  'awsRegion',
  'eventSource',
  'eventSourceARN',
  'eventVersion',
  'eventID',
  'eventName',
  'invokeIdentityArn',
  'eventSourceKey',
];

type BodyFormat = 'json' | 'plain' | 'none';

interface CompiledFilter {
  readonly pattern: CompiledEventPattern;
  readonly body: BodyFormat;
}

/**
 * Validates and compiles the patterns (EventBridge's own validation, so an invalid pattern fails
 * with EventBridge's message). Throws an `Error` naming the filter at fault.
 */
export function compileFilterCriteria(patterns: readonly string[]): FilterCriteria {
  const filters = patterns.map((text, index): CompiledFilter => {
    let compiled: CompiledEventPattern;
    try {
      compiled = compileEventPattern(text);
    } catch (error) {
      throw new Error(`Filters[${index}].Pattern: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = JSON.parse(text) as unknown;
    for (const field of topLevelFields(parsed)) {
      if (POLLER_FIELDS.includes(field)) {
        throw new Error(
          `Filters[${index}].Pattern filters on ${field}, a field Pipes adds while polling: it cannot be used in event patterns`,
        );
      }
    }
    return { pattern: compiled, body: bodyFormatOf(parsed) };
  });
  return {
    matches(record) {
      const body = parseBody(record.body);
      const view = filterableView(record, body);
      return filters.some((filter) => {
        if (filter.body !== 'none' && filter.body !== body.format) return false;
        return matchesEventPattern(filter.pattern, view);
      });
    },
  };
}

/** The record as the SQS API sent it, `body` parsed when it is JSON. */
function filterableView(record: SQSRecord, body: { format: BodyFormat; value: unknown }): Record<string, unknown> {
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: body.value,
    attributes: record.attributes,
    messageAttributes: record.messageAttributes,
    md5OfBody: record.md5OfBody,
    ...(record.md5OfMessageAttributes ? { md5OfMessageAttributes: record.md5OfMessageAttributes } : {}),
  };
}

/**
 * An SQS body is JSON for filtering when it parses to an object or array; anything else is plain
 * text. A body nested deeper than any JSON front end of AWS accepts is text too.
 */
export function parseBody(body: string): { format: 'json' | 'plain'; value: unknown } {
  if (nestsDeeperThan(body)) return { format: 'plain', value: body };
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value === 'object' && value !== null) return { format: 'json', value };
  } catch {
    // not JSON: plain text
  }
  return { format: 'plain', value: body };
}

function bodyFormatOf(pattern: unknown): BodyFormat {
  if (typeof pattern !== 'object' || pattern === null) return 'none';
  const body = (pattern as Record<string, unknown>).body;
  if (body === undefined) return 'none';
  return Array.isArray(body) ? 'plain' : 'json';
}

/** The pattern's top-level field names, including those inside top-level `$or` branches. */
function topLevelFields(pattern: unknown): string[] {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) return [];
  const fields: string[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) fields.push(...value.flatMap(topLevelFields));
    else fields.push(key);
  }
  return fields;
}
