import { cbor, dateToTag } from '@smithy/core/cbor';
import { isAwsError } from './aws-error.ts';
import type { JsonOperation } from './json-protocol.ts';
import type { EdgeRequest, EdgeResponse, EdgeService } from './types.ts';

export interface RpcV2CborOptions {
  readonly name: string;
  /** The service shape's name in the request path, e.g. `GraniteServiceVersion20100801` (CloudWatch). */
  readonly serviceName: string;
  /** The same operations the JSON protocol serves: timestamps arrive as epoch seconds, leave as `Date`. */
  readonly operations: Readonly<Record<string, JsonOperation>>;
  /** The namespace errors are named in (`com.amazonaws.cloudwatch`). */
  readonly errorNamespace: string;
}

const CONTENT_TYPE = 'application/cbor';

/**
 * Smithy's RPC v2 CBOR protocol, which the AWS CLI and newer SDKs use for CloudWatch:
 * `POST /service/<Service>/operation/<Operation>` with `smithy-protocol: rpc-v2-cbor`, a CBOR
 * map in and out, timestamps as tag 1 (epoch seconds), errors as a map with `__type` (and, for
 * services that were query-protocol services, `x-amzn-query-error`).
 * https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html
 */
export function rpcV2CborService(options: RpcV2CborOptions): EdgeService {
  const prefix = `/service/${options.serviceName}/operation/`;
  return {
    name: options.name,
    claims: (request) => request.path.startsWith(prefix) && headerOf(request, 'smithy-protocol') === 'rpc-v2-cbor',
    async handle(request) {
      const operationName = request.path.slice(prefix.length);
      const operation = Object.hasOwn(options.operations, operationName)
        ? options.operations[operationName]
        : undefined;
      if (request.method !== 'POST' || !operation) {
        return cborError(
          404,
          `${options.errorNamespace}#UnknownOperationException`,
          `Operation ${operationName} is not supported by the local cloud's ${options.name}.`,
        );
      }
      let input: unknown;
      try {
        input = request.body.length === 0 ? {} : fromWire(cbor.deserialize(new Uint8Array(request.body)));
      } catch {
        return cborError(
          400,
          `${options.errorNamespace}#SerializationException`,
          'The request body is not valid CBOR.',
        );
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return cborError(
          400,
          `${options.errorNamespace}#SerializationException`,
          'The request body must be a CBOR map.',
        );
      }
      try {
        const output = (await operation(input as Record<string, unknown>)) ?? {};
        return {
          status: 200,
          headers: { 'content-type': CONTENT_TYPE, 'smithy-protocol': 'rpc-v2-cbor' },
          body: Buffer.from(cbor.serialize(toWire(output))),
        };
      } catch (error) {
        if (isAwsError(error)) {
          const answer = cborError(error.statusCode, `${options.errorNamespace}#${error.code}`, error.message);
          return error.queryCode
            ? { ...answer, headers: { ...answer.headers, 'x-amzn-query-error': `${error.queryCode};${error.fault}` } }
            : answer;
        }
        const message = error instanceof Error ? error.message : String(error);
        return cborError(500, `${options.errorNamespace}#InternalFailure`, message);
      }
    },
  };
}

function cborError(status: number, type: string, message: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'smithy-protocol': 'rpc-v2-cbor' },
    body: Buffer.from(cbor.serialize({ __type: type, message })),
  };
}

/** Decoded CBOR as the JSON protocol would have given it: timestamps (tag 1) as epoch seconds, bigints as numbers. */
function fromWire(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromWire);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record.tag === 1 && 'value' in record && Object.keys(record).length === 2) return fromWire(record.value);
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, fromWire(inner)]));
  }
  return value;
}

/** An operation's output for the CBOR encoder: `Date` as tag 1, absent members left out. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return dateToTag(value);
  if (Array.isArray(value)) return value.map(toWire);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, toWire(inner)]),
    );
  }
  return value;
}

function headerOf(request: EdgeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
