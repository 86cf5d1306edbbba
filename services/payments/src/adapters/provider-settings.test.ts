import { describe, expect, it } from 'vitest';
import {
  applyProviderCommand,
  DEFAULT_PROVIDER_SETTINGS,
  ProviderCommandError,
  type ProviderSettings,
  parseProviderSettings,
} from './provider-settings.ts';

const defaults: ProviderSettings = { ...DEFAULT_PROVIDER_SETTINGS, declineCustomerIds: [] };

describe('parseProviderSettings', () => {
  it('means a working provider when no settings item exists', () => {
    expect(parseProviderSettings(undefined)).toEqual(defaults);
  });

  it('reads every switch of a stored item', () => {
    const item = {
      pk: 'PROVIDER#settings',
      mode: 'outage',
      declineRate: 0.25,
      latencyMs: 800,
      declineCustomerIds: ['c'],
    };

    expect(parseProviderSettings(item)).toEqual({
      mode: 'outage',
      declineRate: 0.25,
      latencyMs: 800,
      declineCustomerIds: ['c'],
    });
  });

  it('ignores a hand-edited field of the wrong type or range instead of failing payments', () => {
    const item = { mode: 'down', declineRate: 3, latencyMs: '800', declineCustomerIds: ['c', 7] };

    expect(parseProviderSettings(item)).toEqual({ ...defaults, declineCustomerIds: ['c'] });
  });
});

describe('applyProviderCommand', () => {
  it.each([
    [['outage'], { mode: 'outage' }],
    [['up'], { mode: 'up' }],
    [['declines', '0.3'], { declineRate: 0.3 }],
    [['latency', '1200'], { latencyMs: 1200 }],
    [['decline-customer', 'cus-9'], { declineCustomerIds: ['cus-1', 'cus-9'] }],
    [['allow-customer', 'cus-1'], { declineCustomerIds: [] }],
  ])('applies %j', (args, expected) => {
    const current: ProviderSettings = { ...defaults, mode: 'outage', declineCustomerIds: ['cus-1'] };

    expect(applyProviderCommand(current, args)).toEqual({ ...current, ...expected });
  });

  it('lists a declined customer once however often it is added', () => {
    const once = applyProviderCommand(defaults, ['decline-customer', 'cus-1']);

    expect(applyProviderCommand(once, ['decline-customer', 'cus-1']).declineCustomerIds).toEqual(['cus-1']);
  });

  it('goes back to the defaults on reset', () => {
    const switched: ProviderSettings = { mode: 'outage', declineRate: 1, latencyMs: 10, declineCustomerIds: ['x'] };

    expect(applyProviderCommand(switched, ['reset'])).toEqual(defaults);
  });

  it.each([[[]], [['explode']], [['declines']], [['declines', '1.5']], [['latency', '-1']], [['outage', 'now']]])(
    'refuses %j with the usage',
    (args) => {
      expect(() => applyProviderCommand(defaults, args)).toThrow(ProviderCommandError);
      expect(() => applyProviderCommand(defaults, args)).toThrow(/Usage|must be a number/);
    },
  );
});
