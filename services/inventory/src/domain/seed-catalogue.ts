import type { CatalogueItem } from './catalogue.ts';
import type { StockRepository } from './ports.ts';

export interface SeedCatalogueResult {
  /** SKUs added with their starting stock. */
  added: string[];
  /** SKUs that already had stock, left as they were. */
  kept: string[];
}

/**
 * Puts the starting stock of every catalogue SKU that has none yet. Safe to run on every deploy:
 * a SKU that exists keeps its live stock and reservations, so a redeploy never resets them.
 */
export async function seedCatalogue(
  stock: Pick<StockRepository, 'addStockIfAbsent'>,
  items: readonly CatalogueItem[],
): Promise<SeedCatalogueResult> {
  const result: SeedCatalogueResult = { added: [], kept: [] };
  for (const { sku, name, startingStock } of items) {
    const outcome = await stock.addStockIfAbsent({ sku, name, available: startingStock });
    (outcome === 'ADDED' ? result.added : result.kept).push(sku);
  }
  return result;
}
