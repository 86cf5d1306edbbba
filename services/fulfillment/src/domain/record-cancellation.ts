import type { EventDetail } from '@shop/events';
import { StepContentionError } from './errors.ts';
import { decideCancellation } from './fulfillment-record.ts';
import type { Clock, FulfillmentRepository } from './ports.ts';

export interface RecordCancellationDependencies {
  repository: FulfillmentRepository;
  clock: Clock;
}

/** What fulfillment made of an OrderCancelled; Powertools stores it as the idempotent result. */
export interface RecordCancellationResult {
  orderId: string;
  /** TOO_LATE: the label existed, so the order ships (see the README on this race). */
  outcome: 'RECORDED' | 'ALREADY_RECORDED' | 'TOO_LATE';
}

/**
 * Hears that an order was cancelled and, unless it has shipped, records it on the order's
 * fulfillment record. Nothing is undone here: the saga's next step sees the cancellation,
 * fails with ORDER_CANCELLED and runs the compensations, so undoing stays in one place (the
 * state machine) and in order. A saga that has not started yet fails at its first step.
 *
 * The cancellation and the label are written to the same item under mutually exclusive
 * conditions, so exactly one wins a race: either the label (the order ships; the cancellation
 * is `TOO_LATE`) or the cancellation (CREATE_LABEL is refused and compensates). Nothing is
 * published: orders already announced the cancellation, and FulfillmentFailed follows from the
 * saga when one is running.
 */
export function createRecordCancellation(deps: RecordCancellationDependencies) {
  return async (envelope: EventDetail<'OrderCancelled'>): Promise<RecordCancellationResult> => {
    const { orderId, reason } = envelope.data;
    const decision = decideCancellation(await deps.repository.find(orderId));
    if (decision !== 'RECORD') return { orderId, outcome: decision };
    const cancellation = {
      recordedAt: deps.clock().toISOString(),
      reason,
      eventId: envelope.metadata.eventId,
    };
    if ((await deps.repository.recordCancellation(orderId, cancellation)) === 'RECORDED') {
      return { orderId, outcome: 'RECORDED' };
    }
    const settled = decideCancellation(await deps.repository.find(orderId));
    if (settled === 'RECORD') throw new StepContentionError(orderId, 'recordCancellation');
    return { orderId, outcome: settled };
  };
}
