/**
 * Checks events (and read-interface messages) against the catalog's JSON Schemas, on both
 * sides of the bus: producers before PutEvents, consumers before acting. The schemas come
 * from `@shop/events`, so the check cannot drift from the catalog.
 *
 * Each schema is compiled once per execution environment and only when first used, so a
 * function pays at cold start only for the events it actually touches.
 */
import {
  catalogEntry,
  type EventDetail,
  type EventName,
  type EventVersion,
  type EventVersionMap,
  type InterfaceMap,
  interfaceEntry,
  type JsonSchemaDocument,
} from '@shop/events';
// The named export, not the default: it resolves the same way under Node ESM, tsx, vitest
// and esbuild's CommonJS output, whatever their default-export interop.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvErrors from 'ajv-errors';
import addFormats from 'ajv-formats';
import { EventValidationError, ValidationError } from './errors.ts';

/**
 * Two readings of one schema. A producer's is exact: it may not publish a property the catalog
 * does not document. A consumer's is tolerant: properties it does not know are dropped before
 * the check (ajv's `removeAdditional: 'all'`), so a producer may add an optional field to a
 * published version without breaking consumers built before it; what the consumer does know is
 * checked as strictly as ever.
 */
type Reading = 'exact' | 'tolerant';
const ajvs = new Map<Reading, Ajv2020>();
const validators = new Map<string, ValidateFunction>();

function getAjv(reading: Reading): Ajv2020 {
  let ajv = ajvs.get(reading);
  if (!ajv) {
    // strict: a typo in a schema keyword is an error, not a silently ignored constraint.
    // What a cold start need not pay for: checking each schema against the 2020-12 meta-schema
    // (compiling the meta-schema is most of an Ajv's set-up; the schemas are checked against it
    // once, by validate-event.test.ts) and optimizing the generated code (a validator runs a
    // few times per environment, not millions). Both readings at cold start: 165 → 45 ms.
    ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      validateSchema: false,
      code: { optimize: false },
      ...(reading === 'tolerant' ? { removeAdditional: 'all' } : {}),
    });
    // ajv-formats for `email`, `date-time`...; ajv-errors for a request schema's `errorMessage`s.
    ajvErrors(addFormats(ajv));
    ajvs.set(reading, ajv);
  }
  return ajv;
}

/**
 * The compiled validator of one schema, compiled on first use in this execution environment.
 * `schema` is called only then, so a schema derived from another costs nothing once compiled.
 */
export function validatorFor(
  key: string,
  schema: JsonSchemaDocument | (() => JsonSchemaDocument),
  reading: Reading = 'exact',
): ValidateFunction {
  let validate = validators.get(`${reading}:${key}`);
  if (!validate) {
    validate = getAjv(reading).compile(typeof schema === 'function' ? schema() : schema);
    validators.set(`${reading}:${key}`, validate);
  }
  return validate;
}

function describeIssue(error: ErrorObject, root: string): string {
  const path = `${root}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path}: must not have property "${String(params.additionalProperty)}"`;
    case 'enum':
      return `${path}: must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `${path}: must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}

/** Human-readable issues from ajv's errors, each prefixed with where it is (`detail/data/total`). */
export function formatSchemaIssues(errors: readonly ErrorObject[] | null | undefined, root: string): string[] {
  return [...new Set((errors ?? []).map((error) => describeIssue(error, root)))];
}

/**
 * Validates an event `detail` against the catalog schema of `name` version `version` and
 * returns it typed.
 *
 * @throws EventValidationError when the version is not cataloged or the detail does not match
 */
export function validateEvent<N extends EventName, V extends EventVersion<N>>(
  name: N,
  version: V,
  detail: unknown,
): EventVersionMap[N][V];
export function validateEvent<N extends EventName>(name: N, version: number, detail: unknown): EventDetail<N>;
export function validateEvent(name: EventName, version: number, detail: unknown): unknown {
  const entry = catalogEntry(name, version);
  if (!entry) throw new EventValidationError(name, [`${name} v${version} is not in the event catalog`]);
  const validate = validatorFor(`event:${name}:v${version}`, entry.schema);
  if (!validate(detail)) throw new EventValidationError(name, formatSchemaIssues(validate.errors, 'detail'));
  return detail;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonInput(name: string, input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EventValidationError(name, [`body is not JSON: ${reason}`]);
  }
}

/**
 * Reads an EventBridge event delivered to a target (a Lambda target's payload, or the body
 * of an SQS message a rule sent) and returns its validated, typed `detail`.
 *
 * Checks, in order: that it is an EventBridge event, that `detail-type` is `name` and
 * `source` is the catalog's source for it (a misrouting rule or a forged event is not the
 * event you think), and that `detail` matches the schema of the version it declares in
 * `detail.metadata.version`. Every failure is an {@link EventValidationError}: the same input
 * fails the same way on every retry. It reads tolerantly: a property the catalog does not
 * document (an optional field added after this consumer was built) is dropped, not refused.
 */
export function parseEventBridgeEvent<N extends EventName>(name: N, input: unknown): EventDetail<N> {
  const event = parseJsonInput(name, input);
  if (!isRecord(event)) throw new EventValidationError(name, ['(root): must be an EventBridge event object']);
  const detailType = event['detail-type'];
  if (detailType !== name) {
    throw new EventValidationError(name, [`detail-type: must be "${name}", got ${JSON.stringify(detailType)}`]);
  }
  const { detail } = event;
  if (!isRecord(detail) || !isRecord(detail.metadata)) {
    throw new EventValidationError(name, ['detail: must be an object with metadata and data']);
  }
  const { version } = detail.metadata;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new EventValidationError(name, ['detail/metadata/version: must be an integer']);
  }
  const entry = catalogEntry(name, version);
  if (!entry) throw new EventValidationError(name, [`${name} v${version} is not in the event catalog`]);
  if (entry.status === 'retired') {
    throw new EventValidationError(name, [`${name} v${version} is retired: no consumer reads it any more`]);
  }
  if (event.source !== entry.source) {
    throw new EventValidationError(name, [`source: must be "${entry.source}", got ${JSON.stringify(event.source)}`]);
  }
  return readTolerantly(name, version, detail) as EventDetail<N>;
}

/**
 * A tolerant reading of `detail` as version `version` of `name`: a copy from which every
 * property that version's schema does not document is dropped, checked exactly against that
 * schema. Consumers read events this way; the publisher derives a retiring version from the
 * latest one this way.
 *
 * @throws EventValidationError when the version is not cataloged or the known part does not match
 */
export function readTolerantly(name: EventName, version: number, detail: unknown): unknown {
  const entry = catalogEntry(name, version);
  if (!entry) throw new EventValidationError(name, [`${name} v${version} is not in the event catalog`]);
  const known = structuredClone(detail);
  const validate = validatorFor(`event:${name}:v${version}`, entry.schema, 'tolerant');
  if (!validate(known)) throw new EventValidationError(name, formatSchemaIssues(validate.errors, 'detail'));
  return known;
}

/** `request` or `response` of a read interface. */
export type InterfaceMessageKind = 'request' | 'response';

/** The type of one message of a read interface version. */
export type InterfaceMessage<
  I extends keyof InterfaceMap,
  V extends keyof InterfaceMap[I],
  K extends InterfaceMessageKind,
> = InterfaceMap[I][V] extends Record<K, infer T> ? T : never;

/**
 * Validates a request or response of a published read interface (such as `orders-read`)
 * against its schema. Throws {@link ValidationError}: at an interface's edge a bad message is
 * bad input, answered, not retried.
 */
export function validateInterfaceMessage<
  I extends keyof InterfaceMap,
  V extends keyof InterfaceMap[I] & number,
  K extends InterfaceMessageKind,
>(name: I, version: V, kind: K, message: unknown): InterfaceMessage<I, V, K> {
  const entry = interfaceEntry(name, version);
  if (!entry) throw new ValidationError(`${name} v${version} is not a published read interface`);
  const schema = kind === 'request' ? entry.requestSchema : entry.responseSchema;
  const validate = validatorFor(`interface:${name}:v${version}:${kind}`, schema);
  if (!validate(message)) throw new ValidationError(formatSchemaIssues(validate.errors, kind));
  return message as InterfaceMessage<I, V, K>;
}

/** The queries of a read interface version (`GetOrderLines`, ...). */
export type InterfaceQuery<I extends keyof InterfaceMap, V extends keyof InterfaceMap[I]> = InterfaceMap[I][V] extends {
  answers: infer A;
}
  ? keyof A & string
  : never;

/** The answer type of one query: only the response branches `interface.json` lists for it. */
export type InterfaceAnswer<
  I extends keyof InterfaceMap,
  V extends keyof InterfaceMap[I],
  Q extends InterfaceQuery<I, V>,
> = InterfaceMap[I][V] extends { answers: infer A } ? (Q extends keyof A ? A[Q] : never) : never;

/**
 * Validates the answer to one query of a read interface: against the response schema's branches
 * that `interface.json` lists for that query, so a valid answer to another query is refused too.
 */
export function validateInterfaceAnswer<
  I extends keyof InterfaceMap,
  V extends keyof InterfaceMap[I] & number,
  Q extends InterfaceQuery<I, V>,
>(name: I, version: V, query: Q, message: unknown): InterfaceAnswer<I, V, Q> {
  const entry = interfaceEntry(name, version);
  if (!entry) throw new ValidationError(`${name} v${version} is not a published read interface`);
  const titles = entry.answers[query];
  if (!titles) throw new ValidationError(`${name} v${version} has no query ${query}`);
  const validate = validatorFor(`interface:${name}:v${version}:answer:${query}`, () => {
    const { oneOf, ...rest } = entry.responseSchema as JsonSchemaDocument & {
      oneOf?: ReadonlyArray<{ title?: string }>;
    };
    const branches = (oneOf ?? []).filter((branch) => branch.title !== undefined && titles.includes(branch.title));
    return { ...rest, title: `${name} v${version} answer to ${query}`, oneOf: branches } as JsonSchemaDocument;
  });
  if (!validate(message)) throw new ValidationError(formatSchemaIssues(validate.errors, 'response'));
  return message as InterfaceAnswer<I, V, Q>;
}
