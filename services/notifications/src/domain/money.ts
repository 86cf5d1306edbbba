import type { Money } from './notification.ts';

/**
 * `{ amount: 6200, currency: 'EUR' }` → `62.00 EUR`. Amounts stay integers end to end; the
 * number of decimals is the currency's own (JPY has none, BHD three), as ISO 4217 defines it
 * and `Intl` knows it.
 */
export function formatMoney({ amount, currency }: Money): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const unit = 10 ** digits;
  const sign = amount < 0 ? '-' : '';
  const absolute = Math.abs(amount);
  const major = Math.trunc(absolute / unit);
  const minor = digits === 0 ? '' : `.${String(absolute % unit).padStart(digits, '0')}`;
  return `${sign}${major}${minor} ${currency}`;
}
