import { describe, expect, it } from 'vitest';
import { reservedRecord } from '../../test/test-world.ts';
import { InMemoryStockRepository } from '../adapters/in-memory-stock-repository.ts';
import { catalogue } from './catalogue.ts';
import { seedCatalogue } from './seed-catalogue.ts';

describe('seedCatalogue', () => {
  it('adds every catalogue SKU with its starting stock', async () => {
    const stock = new InMemoryStockRepository();

    const result = await seedCatalogue(stock, catalogue);

    expect(result.added).toEqual(catalogue.map(({ sku }) => sku));
    expect(stock.levelOf('HOODIE-GREY-L')).toEqual({ available: 40, reserved: 0 });
  });

  it('never overwrites live stock when it runs again', async () => {
    const stock = new InMemoryStockRepository();
    await seedCatalogue(stock, catalogue);
    await stock.reserve(reservedRecord('ord_1', [{ sku: 'HOODIE-GREY-L', quantity: 4 }]));

    const result = await seedCatalogue(stock, catalogue);

    expect(result).toEqual({ added: [], kept: catalogue.map(({ sku }) => sku) });
    expect(stock.levelOf('HOODIE-GREY-L')).toEqual({ available: 36, reserved: 4 });
  });
});

describe('catalogue', () => {
  it('has one SKU that starts sold out, to show OUT_OF_STOCK', () => {
    expect(catalogue.filter(({ startingStock }) => startingStock === 0)).toHaveLength(1);
  });

  it('lists each SKU once', () => {
    expect(new Set(catalogue.map(({ sku }) => sku)).size).toBe(catalogue.length);
  });
});
