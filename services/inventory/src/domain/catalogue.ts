/** One product the shop stocks, with the stock it starts with on a fresh deploy. */
export interface CatalogueItem {
  sku: string;
  name: string;
  startingStock: number;
}

/**
 * The inventory context's catalogue: what exists and how much of it there is at first.
 * The seed step puts these into the table once and never overwrites live stock. The orders
 * context prices the same SKUs in its own price list; neither reads the other's data.
 * `POSTER-LIMITED-A2` starts sold out, to show an `OUT_OF_STOCK` reservation failure.
 */
export const catalogue: readonly CatalogueItem[] = [
  { sku: 'TEE-CLASSIC-BLACK-M', name: 'Classic tee, black, M', startingStock: 100 },
  { sku: 'TEE-CLASSIC-WHITE-M', name: 'Classic tee, white, M', startingStock: 100 },
  { sku: 'HOODIE-GREY-L', name: 'Hoodie, grey, L', startingStock: 40 },
  { sku: 'MUG-LOGO-350ML', name: 'Logo mug, 350 ml', startingStock: 250 },
  { sku: 'CAP-NAVY', name: 'Cap, navy', startingStock: 60 },
  { sku: 'SOCKS-STRIPED-3PK', name: 'Striped socks, 3 pairs', startingStock: 150 },
  { sku: 'TOTE-CANVAS', name: 'Canvas tote bag', startingStock: 80 },
  { sku: 'POSTER-LIMITED-A2', name: 'Limited poster, A2', startingStock: 0 },
];
