/**
 * Helpers for API Gateway HTTP API handlers (payload format 2.0): parse the body at the
 * edge, and turn a typed error into the status and JSON body a client can act on. The
 * mapping lives here, at the edge, so the domain never knows about HTTP (docs/architecture.md#code-rules).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isConflictError, isNotFoundError, isValidationError, ValidationError } from './errors.ts';
import type { Logger } from './logger.ts';

/** The body of every error answer: `error` is the error's type name (`ValidationError`, ...), which clients branch on. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly issues?: readonly string[];
}

/**
 * A JSON answer. Returning the structured form (with `statusCode`) matters: API Gateway
 * treats any other object returned by a 2.0 handler as a 200 body.
 */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  const response: APIGatewayProxyStructuredResultV2 = {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
  };
  if (body !== undefined) response.body = JSON.stringify(body);
  return response;
}

/**
 * The request's JSON body. API Gateway may deliver it base64-encoded (`isBase64Encoded`),
 * which is decoded first.
 *
 * @throws ValidationError when the body is missing or is not JSON (a 400, not a 500)
 */
export function parseJsonBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): unknown {
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw === undefined || raw.trim() === '') {
    throw new ValidationError('body: a JSON document is required');
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new ValidationError(`body: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Maps an error to its HTTP answer: `ValidationError` → 400 (with `issues`),
 * `NotFoundError` → 404, `ConflictError` → 409, anything else → 500 with a generic message.
 * The 500's real cause is logged, never sent: internals are not the client's business and
 * may hold data it must not see.
 */
export function errorResponse(error: unknown, logger?: Pick<Logger, 'error'>): APIGatewayProxyStructuredResultV2 {
  if (isValidationError(error)) {
    return jsonResponse(400, { error: error.code, message: error.message, issues: error.issues } satisfies ErrorBody);
  }
  if (isNotFoundError(error)) {
    return jsonResponse(404, { error: error.code, message: error.message } satisfies ErrorBody);
  }
  if (isConflictError(error)) {
    return jsonResponse(409, { error: error.code, message: error.message } satisfies ErrorBody);
  }
  if (logger) {
    if (error instanceof Error) logger.error('Unhandled error', error);
    else logger.error('Unhandled error', { error: String(error) });
  } else {
    console.error('Unhandled error', error);
  }
  return jsonResponse(500, { error: 'InternalError', message: 'Internal server error' } satisfies ErrorBody);
}

/** A route's middleware (the idempotency context of a route that keeps records is one). */
export type HttpApiMiddleware = MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>;

export interface HttpApiHandlerOptions {
  readonly logger: Logger;
  /** The route: answers a request, or throws a typed error for `errorAnswer` to map. */
  readonly route: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  /** Maps a failure to its answer; {@link errorResponse} when absent. */
  readonly errorAnswer?: (error: unknown, logger: Logger) => APIGatewayProxyStructuredResultV2;
  readonly middlewares?: readonly HttpApiMiddleware[];
}

/**
 * The shape of every HTTP API route's handler (payload format 2.0): the logger gets the Lambda
 * context, the route answers, and any failure is mapped to its status at this edge, so the
 * handler never throws to API Gateway (which would answer a bare 500).
 */
export function createHttpApiHandler(
  options: HttpApiHandlerOptions,
): MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  const { logger, route } = options;
  const errorAnswer = options.errorAnswer ?? errorResponse;
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use([...(options.middlewares ?? [])]);
  return handler.handler(async (event) => {
    try {
      return await route(event);
    } catch (error) {
      return errorAnswer(error, logger);
    }
  });
}
