/**
 * Checks a request body at an API's edge against its JSON Schema, the way events are checked
 * against the catalog: one schema is the contract, published with the service, and the
 * validator reads it. The schema carries the issue each field's client sees (`errorMessage`,
 * the ajv-errors keyword), so a client gets one clear line per problem, every problem at once:
 * `lines[0].quantity: must be an integer from 1 to 100`.
 * @see https://ajv.js.org/packages/ajv-errors.html
 */

import type { JsonSchemaDocument } from '@shop/events';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { validatorFor } from './validate-event.ts';

/** `/lines/0/quantity` → `lines[0].quantity`; the root is `body`. */
function pathOf(pointer: string): string {
  const path = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('')
    .replace(/^\./, '');
  return path === '' ? 'body' : path;
}

/** The issues of one error, each `<path>: <problem>`: a missing or unknown field is named in the path. */
function issuesOf(error: ErrorObject): string[] {
  const message = error.message ?? error.keyword;
  const originals = (error.params as { errors?: ErrorObject[] }).errors ?? [error];
  const issues = originals.map((original) => {
    const params = original.params as { missingProperty?: string; additionalProperty?: string };
    if (original.keyword === 'required' && params.missingProperty !== undefined) {
      return `${pathOf(`${error.instancePath}/${params.missingProperty}`)}: ${message}`;
    }
    if (original.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
      return `${pathOf(error.instancePath)}.${params.additionalProperty}: ${message}`;
    }
    return `${pathOf(error.instancePath)}: ${message}`;
  });
  return [...new Set(issues)];
}

/**
 * The issues `body` has against `schema` (empty when it is valid), in the order of the body's
 * fields. A schema is compiled once per execution environment, on first use.
 */
export function requestIssues(schema: JsonSchemaDocument, body: unknown): string[] {
  const validate = validatorFor(`request:${String(schema.$id ?? schema.title)}`, schema);
  if (validate(body)) return [];
  const issues = (validate.errors ?? []).flatMap(issuesOf);
  // ajv reports a parent's own issues after its children's; a reader expects the body's order.
  return [...new Set(issues)].sort((a, b) => depthOf(a) - depthOf(b));
}

function depthOf(issue: string): number {
  const path = issue.slice(0, issue.indexOf(':'));
  return path === 'body' || path.startsWith('body.') ? 0 : (path.match(/[.[]/g)?.length ?? 0) + 1;
}
