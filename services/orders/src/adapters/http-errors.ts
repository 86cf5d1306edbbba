import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { errorResponse, jsonResponse } from '@shop/shared/http';
import type { Logger } from '@shop/shared/logger';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConcurrentOrderUpdateError } from '../domain/errors.ts';

/**
 * Maps a failure of an orders HTTP route to its answer, `{ error, message, issues? }` where
 * `error` is the error's type name (`ValidationError`, `NotFoundError`, ...), the value the
 * orders API documents and its clients branch on.
 *
 * - ValidationError → 400 with every issue, NotFoundError → 404, ConflictError → 409 and any
 *   other failure → a logged 500 that discloses nothing: the shared mapping.
 * - The Idempotency-Key cases follow the IETF Idempotency-Key header draft: a key reused with
 *   another body is a 422, a key whose first request is still running is a 409 to retry.
 * - An order that kept changing under the request (ConcurrentOrderUpdateError) is a 503 with
 *   Retry-After: nothing was changed, and the same request is expected to succeed shortly.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export function toHttpErrorResponse(error: unknown, logger: Pick<Logger, 'error'>): APIGatewayProxyStructuredResultV2 {
  if (error instanceof IdempotencyValidationError) {
    return jsonResponse(422, {
      error: 'IdempotencyKeyReusedError',
      message: 'This Idempotency-Key was already used with a different request body',
    });
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return jsonResponse(
      409,
      { error: 'IdempotencyKeyInUseError', message: 'A request with this Idempotency-Key is still being processed' },
      { 'retry-after': '1' },
    );
  }
  if (error instanceof ConcurrentOrderUpdateError) {
    return jsonResponse(503, { error: error.code, message: error.message }, { 'retry-after': '1' });
  }
  return errorResponse(error, logger);
}
