/**
 * The switches of the simulated payment provider: one item in the payments table that the
 * operator script (`scripts/provider.ts`) writes and the provider adapter reads, so a
 * scenario (an outage, a decline wave, a slow provider) is switched at run time, without a
 * redeploy, on the local cloud and on AWS alike.
 */

/** The partition key of the settings item in the payments table. */
export const PROVIDER_SETTINGS_KEY = 'PROVIDER#settings';

export interface ProviderSettings {
  /** `outage`: every call fails as unavailable (nothing is charged or refunded). */
  mode: 'up' | 'outage';
  /** Share of charges declined, 0..1, decided per order (the same order always gets the same answer). */
  declineRate: number;
  /** Added to every call, to show a slow provider (the function timeout is 10 s). */
  latencyMs: number;
  /** Customers whose charges are always declined, so a test can decline one order deterministically. */
  declineCustomerIds: string[];
}

/** A provider that works: what runs when nobody has switched anything. */
export const DEFAULT_PROVIDER_SETTINGS: Readonly<ProviderSettings> = Object.freeze({
  mode: 'up',
  declineRate: 0,
  latencyMs: 0,
  declineCustomerIds: [],
});

/** The longest latency the script accepts: past it a capture would only ever time out. */
export const MAX_LATENCY_MS = 60_000;

/**
 * The settings in a stored item. A missing item or field means its default, and a field of the
 * wrong type or range is ignored (defaulted) rather than failing every payment: a typo in a
 * hand-edited item must not take the shop down.
 */
export function parseProviderSettings(item: Readonly<Record<string, unknown>> | undefined): ProviderSettings {
  const settings: ProviderSettings = { ...DEFAULT_PROVIDER_SETTINGS, declineCustomerIds: [] };
  if (item === undefined) return settings;
  if (item.mode === 'up' || item.mode === 'outage') settings.mode = item.mode;
  if (isNumberIn(item.declineRate, 0, 1)) settings.declineRate = item.declineRate;
  if (isNumberIn(item.latencyMs, 0, MAX_LATENCY_MS)) settings.latencyMs = Math.round(item.latencyMs);
  if (Array.isArray(item.declineCustomerIds)) {
    settings.declineCustomerIds = item.declineCustomerIds.filter((id): id is string => typeof id === 'string');
  }
  return settings;
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** A command line the operator script does not understand; the message says how to use it. */
export class ProviderCommandError extends Error {
  override readonly name: string = 'ProviderCommandError';
}

export const PROVIDER_USAGE = `Usage: provider.ts <command> [--stage <stage>] [--table <name>]
Commands:
  show                           print the current settings
  up                             the provider works again
  outage                         every call fails as unavailable; payments wait in the queue
  declines <rate>                decline this share of charges, 0..1 (0 turns it off)
  latency <ms>                   add this delay to every call, 0..${MAX_LATENCY_MS}
  decline-customer <customerId>  always decline this customer's charges
  allow-customer <customerId>    stop declining this customer
  reset                          back to the defaults (up, no declines, no latency)`;

/** The settings after the operator's command `args` (e.g. `['declines', '0.3']`); `show` changes nothing. */
export function applyProviderCommand(settings: ProviderSettings, args: readonly string[]): ProviderSettings {
  const [command, value, ...extra] = args;
  const takesValue = command === 'declines' || command === 'latency' || command?.endsWith('-customer');
  if (extra.length > 0 || (takesValue ? value === undefined : value !== undefined)) {
    throw new ProviderCommandError(`Wrong arguments: ${args.join(' ')}\n${PROVIDER_USAGE}`);
  }
  switch (command) {
    case 'show':
      return settings;
    case 'up':
    case 'outage':
      return { ...settings, mode: command };
    case 'reset':
      return { ...DEFAULT_PROVIDER_SETTINGS, declineCustomerIds: [] };
    case 'declines':
      return { ...settings, declineRate: parseNumber(value, 0, 1, 'The decline rate') };
    case 'latency':
      return { ...settings, latencyMs: Math.round(parseNumber(value, 0, MAX_LATENCY_MS, 'The latency')) };
    case 'decline-customer':
      return {
        ...settings,
        declineCustomerIds: [...new Set([...settings.declineCustomerIds, String(value)])],
      };
    case 'allow-customer':
      return { ...settings, declineCustomerIds: settings.declineCustomerIds.filter((id) => id !== value) };
    default:
      throw new ProviderCommandError(`Unknown command: ${command ?? '(none)'}\n${PROVIDER_USAGE}`);
  }
}

function parseNumber(text: string | undefined, min: number, max: number, what: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !isNumberIn(value, min, max)) {
    throw new ProviderCommandError(`${what} must be a number from ${min} to ${max}, got "${text ?? ''}"`);
  }
  return value;
}
