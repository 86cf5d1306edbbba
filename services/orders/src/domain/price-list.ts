import type { Currency, Money } from './money.ts';

/**
 * The orders context's own price list: SKU → unit price in minor units, per currency.
 *
 * Prices belong to the selling side (orders), stock belongs to inventory: the two lists share
 * SKUs but not facts, so neither service reads the other's table (docs/architecture.md#events).
 *
 * A SKU missing here is priced at 0 rather than rejected: whether a SKU exists is inventory's
 * decision, and an order for an unknown SKU must still be accepted so that inventory can answer
 * it with `InventoryReservationFailed` (reason `UNKNOWN_SKU`) — the flow the shop demonstrates.
 */
const unitPrices: Readonly<Record<string, Readonly<Record<Currency, number>>>> = {
  'TEE-CLASSIC-BLACK-M': { EUR: 2500, USD: 2700, GBP: 2200 },
  'TEE-CLASSIC-WHITE-M': { EUR: 2500, USD: 2700, GBP: 2200 },
  'HOODIE-GREY-L': { EUR: 5900, USD: 6400, GBP: 5100 },
  'MUG-LOGO-350ML': { EUR: 1200, USD: 1300, GBP: 1000 },
  'CAP-NAVY': { EUR: 1900, USD: 2100, GBP: 1700 },
  'SOCKS-STRIPED-3PK': { EUR: 1500, USD: 1600, GBP: 1300 },
  'TOTE-CANVAS': { EUR: 1800, USD: 1900, GBP: 1500 },
  'POSTER-LIMITED-A2': { EUR: 3500, USD: 3800, GBP: 3000 },
};

/** The unit price of `sku` in `currency`; 0 for a SKU this price list does not know (see above). */
export function priceOf(sku: string, currency: Currency): Money {
  return { amount: unitPrices[sku]?.[currency] ?? 0, currency };
}

/** The SKUs this price list knows, for tests and the console. */
export function pricedSkus(): string[] {
  return Object.keys(unitPrices);
}
