import type { EventPublisher } from '@shop/shared/publisher';
import { PaymentContentionError } from './errors.ts';
import {
  type Cause,
  type DelayNoticeStep,
  decideOnDelay,
  markDelayNoticed,
  markDelayNoticePublished,
  type PaymentRecord,
} from './payment.ts';
import { MAX_WRITE_ROUNDS, saveOnLatest } from './payment-steps.ts';
import type { Clock, PaymentRepository } from './ports.ts';

export interface NoticePaymentDelayDependencies {
  payments: PaymentRepository;
  publisher: EventPublisher;
  clock: Clock;
  /** How long a payment may wait for the provider before the customer is told (`DELAY_NOTICE_SECONDS`). */
  noticeAfterSeconds: number;
}

/** A charge that just failed because the provider is unavailable, as its queue message tells it. */
export interface WaitingPayment {
  orderId: string;
  /** When its message was first received (SQS `ApproximateFirstReceiveTimestamp`). */
  waitingSince: Date;
  /** The waiting `InventoryReserved`: the notice's correlation and causation. */
  cause: Cause;
}

/**
 * Tells, once per order, that its payment waits for an unavailable provider (`PaymentDelayed`),
 * so orders can tell the customer; the charge itself keeps waiting on the queue. The notice is
 * first recorded on the payment record with a conditional write (only one delivery can add it),
 * then published, then marked published. A publish that fails after the write is retried by the
 * next outage attempt with the recorded event unchanged (same eventId and idempotency key
 * `PaymentDelayed:<orderId>`), so consumers see it at least once and act on it once.
 * Returns the step taken.
 */
export function createNoticePaymentDelay(
  deps: NoticePaymentDelayDependencies,
): (waiting: WaitingPayment) => Promise<DelayNoticeStep> {
  return async ({ orderId, waitingSince, cause }) => {
    for (let round = 0; round < MAX_WRITE_ROUNDS; round += 1) {
      const record = await deps.payments.find(orderId);
      const now = deps.clock();
      const step = decideOnDelay(record, { waitingSince, now, noticeAfterSeconds: deps.noticeAfterSeconds });
      if (record === undefined || step === 'SETTLED' || step === 'NOT_DUE' || step === 'ALREADY_NOTICED') return step;
      if (step === 'PUBLISH_RECORDED') {
        await publishNotice(deps, record);
        return step;
      }
      const noticed = markDelayNoticed(record, waitingSince, cause, now);
      if ((await deps.payments.save(noticed)) === 'SAVED') {
        await publishNotice(deps, noticed);
        return step;
      }
      // Another delivery changed the record first: decide again on what it wrote.
    }
    throw new PaymentContentionError(orderId);
  };
}

async function publishNotice(deps: NoticePaymentDelayDependencies, record: PaymentRecord): Promise<void> {
  const event = record.delayNotice?.event;
  if (event === undefined) return;
  await deps.publisher.publish([event]);
  await saveOnLatest(deps.payments, record.orderId, (latest) =>
    latest?.delayNotice !== undefined && latest.delayNotice.publishedAt === undefined
      ? markDelayNoticePublished(latest, deps.clock())
      : undefined,
  );
}
