import { addConsumer } from './add-consumer.ts';
import { claimCheck } from './claim-check.ts';
import { crashRestart } from './crash-restart.ts';
import { customerCancel } from './customer-cancel.ts';
import { duplicateDelivery } from './duplicate-delivery.ts';
import { happyPath } from './happy-path.ts';
import { outOfOrder } from './out-of-order.ts';
import { outOfStock } from './out-of-stock.ts';
import { paymentDeclined } from './payment-declined.ts';
import { paymentOutage } from './payment-outage.ts';
import { poisonAndRedrive } from './poison-and-redrive.ts';
import { replay } from './replay.ts';
import type { Scenario } from './scenario.ts';
import { schemaEvolution } from './schema-evolution.ts';
import { undocumentedEvent } from './undocumented-event.ts';

/** Every lesson `npm run scenario` runs, in the order to take them. */
export const SCENARIOS: readonly Scenario[] = [
  happyPath,
  outOfStock,
  paymentDeclined,
  paymentOutage,
  duplicateDelivery,
  outOfOrder,
  customerCancel,
  replay,
  schemaEvolution,
  addConsumer,
  undocumentedEvent,
  claimCheck,
  poisonAndRedrive,
  crashRestart,
];

export type { Scenario } from './scenario.ts';
