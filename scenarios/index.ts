import { happyPath } from './happy-path.ts';
import { outOfStock } from './out-of-stock.ts';
import { paymentDeclined } from './payment-declined.ts';
import type { Scenario } from './scenario.ts';

/** Every lesson `npm run scenario` runs, in the order to take them. */
export const SCENARIOS: readonly Scenario[] = [happyPath, outOfStock, paymentDeclined];

export type { Scenario } from './scenario.ts';
