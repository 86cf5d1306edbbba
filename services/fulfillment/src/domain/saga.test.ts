import { describe, expect, it } from 'vitest';
import { executionNameFor, failureReasonFor } from './saga.ts';

describe('executionNameFor', () => {
  it('names the execution after the order when the id is a valid execution name', () => {
    expect(executionNameFor('ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9')).toBe('ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9');
  });

  it('maps an id Step Functions would refuse to a valid name, the same one every time', () => {
    const orderId = `order with spaces/and:colons ${'x'.repeat(100)}`;

    const name = executionNameFor(orderId);

    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(executionNameFor(orderId)).toBe(name);
  });

  it('keeps two mapped ids with the same readable prefix apart', () => {
    const prefix = 'y'.repeat(90);

    expect(executionNameFor(`${prefix}/1`)).not.toBe(executionNameFor(`${prefix}/2`));
  });
});

describe('failureReasonFor', () => {
  it.each([
    ['OrderCancelledError', 'ORDER_CANCELLED'],
    ['States.Timeout', 'STEP_TIMED_OUT'],
    ['Sandbox.Timedout', 'STEP_TIMED_OUT'],
    ['InjectedFaultError', 'STEP_FAILED'],
    ['Lambda.ServiceException', 'STEP_FAILED'],
    [undefined, 'STEP_FAILED'],
  ])('maps the error %s to the reason %s', (errorName, reason) => {
    expect(failureReasonFor(errorName)).toBe(reason);
  });
});
