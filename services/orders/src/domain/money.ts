/** The currencies the shop sells in (ISO 4217 codes). */
export const currencies = ['EUR', 'USD', 'GBP'] as const;

export type Currency = (typeof currencies)[number];

/**
 * An amount of money in minor units (cents, pence) so that totals are exact integers:
 * floating-point euros would make `0.1 + 0.2` a support ticket.
 */
export interface Money {
  amount: number;
  currency: Currency;
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (currencies as readonly string[]).includes(value);
}
