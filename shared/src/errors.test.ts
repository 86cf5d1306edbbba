import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ConflictError,
  EventValidationError,
  isConflictError,
  isDomainError,
  isEventValidationError,
  isNotFoundError,
  isPublishError,
  isValidationError,
  NotFoundError,
  PublishError,
  ValidationError,
} from './errors.ts';

describe('ValidationError', () => {
  it('lists every issue in its message and keeps them for the HTTP answer', () => {
    const error = new ValidationError(['lines: must not be empty', 'currency: must be ISO 4217']);
    expect(error.message).toBe('Validation failed: lines: must not be empty; currency: must be ISO 4217');
    expect(error.issues).toEqual(['lines: must not be empty', 'currency: must be ISO 4217']);
    expect(error.code).toBe('ValidationError');
  });

  it('accepts a single issue as a string and a custom code', () => {
    const error = new ValidationError('orderId: required', { code: 'ORDER_ID_MISSING' });
    expect(error.issues).toEqual(['orderId: required']);
    expect(error.code).toBe('ORDER_ID_MISSING');
  });
});

describe('error names', () => {
  it('are set explicitly so minified bundles still log readable names', () => {
    expect(new ValidationError([]).name).toBe('ValidationError');
    expect(new NotFoundError('x').name).toBe('NotFoundError');
    expect(new ConflictError('x').name).toBe('ConflictError');
    expect(new ConfigError('X').name).toBe('ConfigError');
    expect(new EventValidationError('OrderPlaced', []).name).toBe('EventValidationError');
    expect(new PublishError([]).name).toBe('PublishError');
  });
});

describe('type guards', () => {
  it('recognise domain errors, including subclasses a service defines', () => {
    class OrderNotFoundError extends NotFoundError {}
    const error: unknown = new OrderNotFoundError('order o-1 not found');
    expect(isDomainError(error)).toBe(true);
    expect(isNotFoundError(error)).toBe(true);
    expect(isValidationError(error)).toBe(false);
    expect(isConflictError(error)).toBe(false);
  });

  it('do not take infrastructure errors or non-errors for domain errors', () => {
    expect(isDomainError(new EventValidationError('OrderPlaced', ['x']))).toBe(false);
    expect(isDomainError(new Error('boom'))).toBe(false);
    expect(isDomainError('boom')).toBe(false);
    expect(isEventValidationError(new EventValidationError(undefined, []))).toBe(true);
    expect(isPublishError(new PublishError([]))).toBe(true);
  });
});

describe('EventValidationError and PublishError', () => {
  it('say whether retrying can help', () => {
    expect(new EventValidationError('OrderPlaced', ['x']).retryable).toBe(false);
    expect(new PublishError([]).retryable).toBe(true);
  });

  it('name the failed entries in the PublishError message', () => {
    const error = new PublishError([
      { eventName: 'OrderPlaced', eventId: 'e-1', errorCode: 'InternalFailure', errorMessage: 'try again' },
    ]);
    expect(error.message).toBe('1 event(s) were not published: OrderPlaced e-1: InternalFailure try again');
  });
});
