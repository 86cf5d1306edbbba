import { DomainError } from '@shop/shared/errors';
import { type Decision, decideCancelled, decidePlaced, decideShipped, type OrderEntry } from './ledger.ts';
import { pointsFor } from './points.ts';
import type { LoyaltyLedger } from './ports.ts';

/** How many times a decision is taken again after losing a race before the delivery is retried. */
const MAX_ATTEMPTS = 5;

/** The ledger kept changing under an event: retryable, the next delivery decides on settled data. */
export class LedgerContentionError extends DomainError {
  override readonly name: string = 'LedgerContentionError';
  readonly retryable = true;

  constructor(orderId: string) {
    super(
      `Loyalty lost ${MAX_ATTEMPTS} races in a row on order ${orderId}; the delivery will be retried`,
      'LEDGER_CONTENTION',
    );
  }
}

/** The use cases of the three events loyalty follows, in whatever order they arrive. */
export function createFollowOrders(ledger: LoyaltyLedger) {
  /** Reads the order's entry and decides on it, again each time the decision's write lost a race. */
  async function settle<O>(orderId: string, at: string, decide: (entry: OrderEntry | undefined) => Decision<O>) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { outcome, change } = decide(await ledger.read(orderId));
      if (change === undefined || (await ledger.apply(orderId, change, at))) return outcome;
    }
    throw new LedgerContentionError(orderId);
  }

  return {
    async orderPlaced(data: { orderId: string; customerId: string; total: { amount: number } }, at: string) {
      const points = pointsFor(data.total);
      const outcome = await settle(data.orderId, at, (entry) =>
        decidePlaced(entry, { customerId: data.customerId, points }),
      );
      return { orderId: data.orderId, points, outcome };
    },
    async orderShipped(data: { orderId: string }, at: string) {
      return { orderId: data.orderId, outcome: await settle(data.orderId, at, decideShipped) };
    },
    async orderCancelled(data: { orderId: string }, at: string) {
      return { orderId: data.orderId, outcome: await settle(data.orderId, at, decideCancelled) };
    },
  };
}
