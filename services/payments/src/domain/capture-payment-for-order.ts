import type { InventoryReservedV2 } from '@shop/events';
import { causedBy } from '@shop/shared/envelope';
import { PaymentContentionError } from './errors.ts';
import {
  type Cause,
  captureKeyOf,
  decideOnReservation,
  markCaptured,
  markDeclined,
  openPayment,
  type PaymentRecord,
  refundKeyOf,
} from './payment.ts';
import {
  announce,
  MAX_WRITE_ROUNDS,
  type PaymentDependencies,
  type PaymentResult,
  refundPayment,
  saveOnLatest,
} from './payment-steps.ts';

/** The part of `InventoryReserved` the capture reads: v2, which carries the customer to charge. */
export type ReservationEvent = Pick<InventoryReservedV2, 'metadata' | 'data'>;

/**
 * Charges the total of an order whose stock is reserved (docs/architecture.md#the-order-flow, step 3), once.
 *
 * The charge is first opened as a PENDING record (a conditional write that only one delivery
 * can make), then the provider is asked with the order's capture key, and the answer is
 * recorded on whatever the record has become meanwhile. So:
 * - a redelivered reservation finds the outcome on record and announces it again, unchanged;
 * - a retry after an outage (`ProviderUnavailableError` propagates, the record stays PENDING)
 *   asks the provider again with the same key, which cannot charge twice;
 * - a cancellation that arrived first (a CANCELLED record) or while the charge waited for the
 *   provider (noted on the PENDING record) is answered `PaymentDeclined(ORDER_CANCELLED)`
 *   without charging;
 * - a cancellation that arrived while the provider was charging is refunded at once, and only
 *   `PaymentRefunded` is announced.
 * The customer to charge comes with the event (`InventoryReserved` v2); v1 left it out and
 * payments asked the orders read interface for it before every charge.
 */
export function createCapturePaymentForOrder(
  deps: PaymentDependencies,
): (envelope: ReservationEvent) => Promise<PaymentResult> {
  return async (envelope) => {
    const { orderId, customerId, total } = envelope.data;
    const cause = causedBy(envelope);
    for (let round = 0; round < MAX_WRITE_ROUNDS; round += 1) {
      const record = await deps.payments.find(orderId);
      if (record === undefined) {
        // First delivery: open the charge. Only one delivery can create the record.
        const opened = openPayment(orderId, total, customerId, deps.clock());
        if ((await deps.payments.save(opened)) === 'SAVED') return charge(deps, opened, cause);
        continue;
      }
      switch (decideOnReservation(record)) {
        case 'CHARGE':
          return charge(deps, record, cause);
        case 'REFUND':
          return refundPayment(deps, record);
        case 'ANNOUNCE_RECORDED':
          return announce(deps.publisher, record, true);
        case 'DECLINE_CANCELLED': {
          const declined = markDeclined(
            { ...record, amount: record.amount ?? total },
            'ORDER_CANCELLED',
            cause,
            deps.clock(),
          );
          if ((await deps.payments.save(declined)) === 'SAVED') return announce(deps.publisher, declined, false);
          // Lost the write to another delivery: read again and decide on what it wrote.
        }
      }
    }
    throw new PaymentContentionError(orderId);
  };
}

async function charge(deps: PaymentDependencies, pending: PaymentRecord, cause: Cause): Promise<PaymentResult> {
  const { orderId, customerId, amount } = pending;
  if (customerId === undefined || amount === undefined) {
    throw new Error(`The open payment of order ${orderId} has no customer or amount`);
  }
  const answer = await deps.provider.capture({ idempotencyKey: captureKeyOf(orderId), orderId, customerId, amount });
  const { record, saved } = await saveOnLatest(deps.payments, orderId, (latest) => {
    if (latest?.status !== 'PENDING') return undefined;
    return answer.outcome === 'CAPTURED'
      ? markCaptured(latest, answer.paymentId, cause, deps.clock())
      : markDeclined(latest, 'CARD_DECLINED', cause, deps.clock());
  });
  if (record === undefined) {
    throw new Error(`The payment record of order ${orderId} disappeared while it was being charged`);
  }
  if (record.status === 'CAPTURED' && record.cancellation !== undefined) {
    return refundPayment(deps, record);
  }
  if (!saved && answer.outcome === 'CAPTURED' && record.status !== 'CAPTURED' && record.status !== 'REFUNDED') {
    // Another delivery settled the order without this charge (it declined a cancelled order while
    // the provider was charging here): the money must go back, or the customer pays for nothing.
    await deps.provider.refund({ idempotencyKey: refundKeyOf(orderId), orderId, paymentId: answer.paymentId, amount });
  }
  return announce(deps.publisher, record, !saved);
}
