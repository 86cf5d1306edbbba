import { describe, expect, it } from 'vitest';
import { formatMoney } from './money.ts';

describe('formatMoney', () => {
  it('writes minor units with the currency’s two decimals', () => {
    expect(formatMoney({ amount: 6200, currency: 'EUR' })).toBe('62.00 EUR');
    expect(formatMoney({ amount: 23751, currency: 'USD' })).toBe('237.51 USD');
    expect(formatMoney({ amount: 5, currency: 'GBP' })).toBe('0.05 GBP');
  });

  it('writes a currency without decimals as a whole number', () => {
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('1500 JPY');
  });

  it('writes a currency with three decimals', () => {
    expect(formatMoney({ amount: 12345, currency: 'BHD' })).toBe('12.345 BHD');
  });
});
