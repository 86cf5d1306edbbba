import { describe, expect, it } from 'vitest';
import { findShortfall, mergeLinesBySku } from './reservation.ts';

const stock = new Map([
  ['CAP-NAVY', 5],
  ['MUG-LOGO-350ML', 0],
]);

describe('findShortfall', () => {
  it('finds nothing when every line can be served, including one that takes the last unit', () => {
    expect(findShortfall([{ sku: 'CAP-NAVY', quantity: 5 }], stock)).toBeUndefined();
  });

  it('reports the SKUs whose stock is below the quantity as OUT_OF_STOCK', () => {
    expect(
      findShortfall(
        [
          { sku: 'CAP-NAVY', quantity: 6 },
          { sku: 'MUG-LOGO-350ML', quantity: 1 },
        ],
        stock,
      ),
    ).toEqual({ reason: 'OUT_OF_STOCK', skus: ['CAP-NAVY', 'MUG-LOGO-350ML'] });
  });

  it('reports UNKNOWN_SKU with only the unknown SKUs when an order has both problems', () => {
    expect(
      findShortfall(
        [
          { sku: 'MUG-LOGO-350ML', quantity: 1 },
          { sku: 'NOPE', quantity: 1 },
        ],
        stock,
      ),
    ).toEqual({ reason: 'UNKNOWN_SKU', skus: ['NOPE'] });
  });
});

describe('mergeLinesBySku', () => {
  it('sums the quantities of repeated SKUs and keeps first-seen order', () => {
    expect(
      mergeLinesBySku([
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'B', quantity: 4 },
      { sku: 'A', quantity: 2 },
    ]);
  });
});
