import { describe, expect, it, vi } from 'vitest';
import { ConflictError, EventValidationError, NotFoundError, ValidationError } from './errors.ts';
import { errorResponse, jsonResponse, parseJsonBody } from './http.ts';

describe('jsonResponse', () => {
  it('answers with the status, a JSON content type, extra headers and the serialised body', () => {
    expect(jsonResponse(202, { orderId: 'o-1' }, { location: '/orders/o-1' })).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json', location: '/orders/o-1' },
      body: '{"orderId":"o-1"}',
    });
  });

  it('omits the body when there is none', () => {
    expect(jsonResponse(204, undefined)).toEqual({ statusCode: 204, headers: { 'content-type': 'application/json' } });
  });
});

describe('parseJsonBody', () => {
  it('parses a JSON body', () => {
    expect(parseJsonBody({ body: '{"lines":[]}', isBase64Encoded: false })).toEqual({ lines: [] });
  });

  it('decodes a base64-encoded body first', () => {
    const body = Buffer.from('{"lines":[1]}').toString('base64');
    expect(parseJsonBody({ body, isBase64Encoded: true })).toEqual({ lines: [1] });
  });

  it('throws a ValidationError for a missing body', () => {
    expect(() => parseJsonBody({ body: undefined, isBase64Encoded: false })).toThrow(ValidationError);
  });

  it('throws a ValidationError for a body that is not JSON', () => {
    expect(() => parseJsonBody({ body: '{"lines":', isBase64Encoded: false })).toThrow(/body: not valid JSON/);
  });
});

describe('errorResponse', () => {
  function answer(error: unknown) {
    const response = errorResponse(error, { error: vi.fn() });
    return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') };
  }

  it('maps ValidationError to 400 with its issues', () => {
    expect(answer(new ValidationError(['lines: must not be empty']))).toEqual({
      status: 400,
      body: {
        error: 'ValidationError',
        message: 'Validation failed: lines: must not be empty',
        issues: ['lines: must not be empty'],
      },
    });
  });

  it('maps NotFoundError to 404', () => {
    expect(answer(new NotFoundError('Order o-1 not found'))).toEqual({
      status: 404,
      body: { error: 'NotFoundError', message: 'Order o-1 not found' },
    });
  });

  it('maps ConflictError to 409, keeping a custom code', () => {
    expect(answer(new ConflictError('Order o-1 has shipped', { code: 'ORDER_SHIPPED' }))).toEqual({
      status: 409,
      body: { error: 'ORDER_SHIPPED', message: 'Order o-1 has shipped' },
    });
  });

  it.each([
    ['an unexpected Error', new Error('connect ECONNREFUSED 10.0.0.7:8000')],
    ['an invalid outgoing event', new EventValidationError('OrderPlaced', ['detail/data: x'])],
    ['a thrown string', 'boom'],
  ])('maps %s to 500 with a generic message, and logs the cause', (_case, error) => {
    const logger = { error: vi.fn() };
    const response = errorResponse(error, logger);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '{}')).toEqual({ error: 'InternalError', message: 'Internal server error' });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});
