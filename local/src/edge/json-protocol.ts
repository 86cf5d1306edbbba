import { isAwsError } from './aws-error.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';
import type { EdgeRequest, EdgeResponse, EdgeService } from './types.ts';

/** A JSON-protocol operation: parsed input in, output object out; throws `AwsError`. */
export type JsonOperation = (input: Record<string, unknown>) => Promise<unknown> | unknown;

export interface JsonProtocolOptions {
  readonly name: string;
  /** The `X-Amz-Target` prefix before the dot, e.g. `AWSEvents`, `AmazonSQS`. */
  readonly targetPrefix: string;
  /** `1.0` or `1.1`: the `application/x-amz-json-*` content type of the replies. */
  readonly jsonVersion: '1.0' | '1.1';
  readonly operations: Readonly<Record<string, JsonOperation>>;
  /**
   * The namespace the service's errors are named in on the wire (`com.amazonaws.sqs`), so
   * `__type` is `com.amazonaws.sqs#QueueDoesNotExist`; SDKs read the part after `#`.
   */
  readonly errorNamespace?: string;
}

/**
 * The AWS JSON protocols (awsJson1_0 / awsJson1_1): `POST /` with
 * `X-Amz-Target: <Prefix>.<Operation>`, a JSON body, and errors as
 * `{"__type": code, "message": ...}` with the `x-amzn-ErrorType` header.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
export function jsonProtocolService(options: JsonProtocolOptions): EdgeService {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  return {
    name: options.name,
    claims: (request) => targetOf(request)?.prefix === options.targetPrefix,
    async handle(request) {
      const target = targetOf(request);
      const operation = target ? options.operations[target.operation] : undefined;
      if (!target || !operation) {
        return jsonError(
          contentType,
          400,
          'UnknownOperationException',
          `Operation ${target?.operation ?? '?'} is not supported by the local cloud's ${options.name}.`,
        );
      }
      let parsed: unknown;
      try {
        const text = request.body.toString('utf8');
        if (nestsDeeperThan(text)) throw new Error('too deep');
        parsed = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return jsonError(
          contentType,
          400,
          'SerializationException',
          `The request body is not valid JSON (or nests deeper than ${MAX_JSON_DEPTH} levels).`,
        );
      }
      // Every operation's input is a structure: a JSON object, never null, a list or a scalar.
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return jsonError(contentType, 400, 'SerializationException', 'The request body must be a JSON object.');
      }
      const input = parsed as Record<string, unknown>;
      try {
        const output = (await operation(input)) ?? {};
        return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(output, epochSeconds) };
      } catch (error) {
        if (isAwsError(error)) {
          const type = options.errorNamespace ? `${options.errorNamespace}#${error.code}` : error.code;
          return jsonError(contentType, error.statusCode, type, error.message, error.queryCode, error.fault);
        }
        const message = error instanceof Error ? error.message : String(error);
        return jsonError(contentType, 500, 'InternalFailure', message);
      }
    },
  };
}

/** The JSON protocols' default timestamp format: a `Date` in an output leaves as epoch seconds. */
function epochSeconds(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

function targetOf(request: EdgeRequest): { prefix: string; operation: string } | undefined {
  const header = request.headers['x-amz-target'];
  const target = Array.isArray(header) ? header[0] : header;
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

export function jsonError(
  contentType: string,
  status: number,
  code: string,
  message: string,
  queryCode?: string,
  fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
): EdgeResponse {
  const headers: Record<string, string> = { 'content-type': contentType, 'x-amzn-errortype': code };
  if (queryCode) headers['x-amzn-query-error'] = `${queryCode};${fault}`;
  return { status, headers, body: JSON.stringify({ __type: code, message }) };
}
