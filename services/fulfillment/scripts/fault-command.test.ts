import { describe, expect, it } from 'vitest';
import { FaultCommandError, parseFaultCommand } from './fault-command.ts';

describe('parseFaultCommand', () => {
  it('reads fail with a step, clear and show', () => {
    expect(parseFaultCommand(['fail', 'BOOK_CARRIER'])).toEqual({ kind: 'fail', step: 'BOOK_CARRIER' });
    expect(parseFaultCommand(['clear'])).toEqual({ kind: 'clear' });
    expect(parseFaultCommand(['show'])).toEqual({ kind: 'show' });
  });

  it.each([
    [[]],
    [['fail']],
    [['fail', 'book_carrier']],
    [['fail', 'CREATE_LABEL', 'now']],
    [['clear', 'all']],
    [['outage']],
  ])('refuses %j with the usage, before any table is touched', (positionals) => {
    expect(() => parseFaultCommand(positionals)).toThrow(FaultCommandError);
    expect(() => parseFaultCommand(positionals)).toThrow('Usage:');
  });
});
