import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import { ConflictError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import { ConcurrentOrderUpdateError } from '../domain/errors.ts';
import { toHttpErrorResponse } from './http-errors.ts';

const silentLogger = { error: () => undefined };

describe('toHttpErrorResponse', () => {
  it('answers 409 with Retry-After while the first request with the same key is still running', () => {
    const response = toHttpErrorResponse(new IdempotencyAlreadyInProgressError('in progress'), silentLogger);

    expect(response.statusCode).toBe(409);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(JSON.parse(response.body ?? '')).toMatchObject({ error: 'IdempotencyKeyInUseError' });
  });

  it('answers 409 ConflictError for a conflict', () => {
    const response = toHttpErrorResponse(new ConflictError('Order ord_1 already exists'), silentLogger);

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: 'ConflictError', message: 'Order ord_1 already exists' });
  });

  it('answers 500 without the internal message for anything unexpected, and logs it', () => {
    const logged: unknown[] = [];

    const response = toHttpErrorResponse(new Error('ResourceNotFoundException: table shop-orders-dev'), {
      error: (...args: unknown[]) => {
        logged.push(args);
      },
    });

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('shop-orders-dev');
    expect(logged).toHaveLength(1);
  });

  it('answers 503 with Retry-After when the order kept changing under the request', () => {
    const response = toHttpErrorResponse(new ConcurrentOrderUpdateError('ord_1', 5), silentLogger);

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(JSON.parse(response.body ?? '')).toMatchObject({ error: 'ConcurrentOrderUpdateError' });
  });
});
