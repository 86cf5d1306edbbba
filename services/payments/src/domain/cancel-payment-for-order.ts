import { PaymentContentionError } from './errors.ts';
import { type CancellationNote, decideOnCancellation, noteCancellation, recordCancellation } from './payment.ts';
import {
  announce,
  MAX_WRITE_ROUNDS,
  type PaymentDependencies,
  type PaymentResult,
  refundPayment,
  summarize,
} from './payment-steps.ts';

/** The part of `OrderCancelled` the compensation reads: which order, and the event to name as cause. */
export interface CancellationEvent {
  readonly metadata: { readonly eventId: string; readonly correlationId: string };
  readonly data: { readonly orderId: string };
}

/**
 * Compensates an order's payment when the order is cancelled, whatever the reason and
 * whenever the cancellation arrives (compensation by `OrderCancelled`, docs/architecture.md#compensation):
 * - captured: refund it (`PaymentRefunded`); the cancellation is noted first, so an outage
 *   during the refund leaves a record every retry (of either event) finishes the same way;
 * - the charge is open and waiting for the provider: note the cancellation on it, and the
 *   capture declines without charging (or refunds, if the provider was charging right then);
 * - nothing known yet (`OrderCancelled` overtook `InventoryReserved`): record the
 *   cancellation, so the late reservation is answered `PaymentDeclined(ORDER_CANCELLED)`;
 * - declined or already cancelled: nothing was charged, nothing to do.
 */
export function createCancelPaymentForOrder(
  deps: PaymentDependencies,
): (envelope: CancellationEvent) => Promise<PaymentResult> {
  return async (envelope) => {
    const { orderId } = envelope.data;
    const note = (): CancellationNote => ({
      eventId: envelope.metadata.eventId,
      correlationId: envelope.metadata.correlationId,
      receivedAt: deps.clock().toISOString(),
    });
    for (let round = 0; round < MAX_WRITE_ROUNDS; round += 1) {
      const record = await deps.payments.find(orderId);
      if (record === undefined) {
        // OrderCancelled overtook InventoryReserved (or no reservation will ever come).
        const cancelled = recordCancellation(orderId, note(), deps.clock());
        if ((await deps.payments.save(cancelled)) === 'SAVED') return summarize(cancelled, false);
        continue;
      }
      const step = decideOnCancellation(record);
      if (step === 'NOTHING') return summarize(record, true);
      if (step === 'ANNOUNCE_RECORDED') return announce(deps.publisher, record, true);
      const noted = record.cancellation === undefined ? noteCancellation(record, note(), deps.clock()) : record;
      if (noted !== record && (await deps.payments.save(noted)) === 'CONFLICT') continue;
      if (step === 'NOTE_ON_PENDING') return summarize(noted, false);
      return refundPayment(deps, noted);
    }
    throw new PaymentContentionError(orderId);
  };
}
