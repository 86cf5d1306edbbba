import { describe, expect, it } from 'vitest';
import { isFaultInjected, NO_FAULTS, parseFaultSettings } from './faults.ts';

describe('parseFaultSettings', () => {
  it('reads the step the operator set', () => {
    expect(parseFaultSettings({ failStep: 'BOOK_CARRIER' })).toEqual({ failStep: 'BOOK_CARRIER' });
  });

  it.each([undefined, {}, { failStep: 'SHIP_BY_DRONE' }, { failStep: 42 }])(
    'injects no fault for an absent or unknown setting (%j)',
    (stored) => {
      expect(parseFaultSettings(stored)).toEqual(NO_FAULTS);
    },
  );
});

describe('isFaultInjected', () => {
  it('fails only the step the switch names', () => {
    expect(isFaultInjected({ failStep: 'CREATE_LABEL' }, 'CREATE_LABEL')).toBe(true);
    expect(isFaultInjected({ failStep: 'CREATE_LABEL' }, 'BOOK_CARRIER')).toBe(false);
    expect(isFaultInjected(NO_FAULTS, 'ALLOCATE_STOCK')).toBe(false);
  });
});
