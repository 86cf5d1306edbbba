import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.ts';

const line = JSON.stringify({
  level: 'ERROR',
  message: 'Payment declined',
  orderId: 'ord_01JDQ7',
  durationMs: 120,
  retried: false,
  detail: { metadata: { correlationId: 'c-1' } },
  lines: [{ sku: 'MUG' }],
});

describe('CloudWatch Logs filter patterns', () => {
  it('matches terms, exact phrases, any-of and exclusions, case-sensitively', () => {
    const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);
    expect(matches('', 'anything')).toBe(true);
    expect(matches('ERROR', 'an ERROR here')).toBe(true);
    expect(matches('error', 'an ERROR here')).toBe(false);
    expect(matches('ERROR timeout', 'ERROR: timeout')).toBe(true);
    expect(matches('ERROR timeout', 'ERROR: refused')).toBe(false);
    expect(matches('"Task timed out"', 'abc Task timed out after 10.00 seconds')).toBe(true);
    expect(matches('"Task timed out"', 'Task was timed out')).toBe(false);
    expect(matches('?ERROR ?WARN', 'WARN: slow')).toBe(true);
    expect(matches('?ERROR ?WARN', 'INFO: fine')).toBe(false);
    expect(matches('ERROR -retry', 'ERROR, will retry')).toBe(false);
  });

  it('matches JSON patterns: equality with wildcards, numbers, booleans, nesting, EXISTS, && and ||', () => {
    const matches = (pattern: string) => compileFilterPattern(pattern)(line);
    expect(matches('{ $.level = "ERROR" }')).toBe(true);
    expect(matches('{ $.level = "INFO" }')).toBe(false);
    expect(matches('{ $.level != "INFO" }')).toBe(true);
    expect(matches('{ $.orderId = "ord_*" }')).toBe(true);
    expect(matches('{ $.durationMs > 100 }')).toBe(true);
    expect(matches('{ $.durationMs <= 100 }')).toBe(false);
    expect(matches('{ $.retried IS FALSE }')).toBe(true);
    expect(matches('{ $.retried IS TRUE }')).toBe(false);
    expect(matches('{ $.detail.metadata.correlationId = "c-1" }')).toBe(true);
    expect(matches('{ $.lines[0].sku = "MUG" }')).toBe(true);
    expect(matches('{ $.refund EXISTS }')).toBe(false);
    expect(matches('{ $.refund NOT EXISTS }')).toBe(true);
    expect(matches('{ $.level = "INFO" || ($.durationMs > 100 && $.orderId = "ord_*") }')).toBe(true);
    expect(matches('{ $.level = "INFO" || $.durationMs > 500 }')).toBe(false);
    expect(compileFilterPattern('{ $.level = "ERROR" }')('not json')).toBe(false);
  });

  it('refuses what it cannot read, by name', () => {
    for (const pattern of [
      '[ip, user]',
      '{ $.x = ',
      '{ x = 1 }',
      '{ $.x ~ 1 }',
      '{ $.x > "a" }',
      '"open',
      '{ $.x = 1 ',
    ]) {
      expect(() => compileFilterPattern(pattern), pattern).toThrow(FilterPatternError);
    }
  });

  it('never throws anything but a FilterPatternError, whatever the pattern and the message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((body) => `{ ${body} }`),
        ),
        fc.string(),
        (pattern, message) => {
          try {
            expect(typeof compileFilterPattern(pattern)(message)).toBe('boolean');
          } catch (error) {
            expect(error).toBeInstanceOf(FilterPatternError);
          }
        },
      ),
    );
  });
});
