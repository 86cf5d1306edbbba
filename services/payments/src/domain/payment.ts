import { createEvent, type EventCause, type OutgoingEvent } from '@shop/shared/envelope';

/** An amount in minor units of an ISO 4217 currency, as every shop event carries money. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * Where one order's payment stands. One record per order, so "never charge twice" is a
 * property of the record, not of the messages that happen to arrive:
 *
 * - `PENDING`: the charge was opened (the order's total and customer are on record) and the
 *   provider has not answered yet, e.g. because it is down. Only the capture moves a record
 *   out of PENDING; a cancellation only notes itself on it.
 * - `CAPTURED`: the provider took the money (`paymentId`).
 * - `DECLINED`: nothing was taken and nothing will be (`declineReason`).
 * - `REFUNDED`: the money was taken and given back.
 * - `CANCELLED`: the order was cancelled before payments heard of its reservation; a later
 *   `InventoryReserved` is answered with `PaymentDeclined(ORDER_CANCELLED)` without charging.
 */
export type PaymentStatus = 'PENDING' | 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'CANCELLED';

/** Why an order was not charged, as `PaymentDeclined` tells it. */
export type DeclineReason = 'CARD_DECLINED' | 'ORDER_CANCELLED';

/** The `OrderCancelled` payments heard, kept so the refund it causes names it as its cause. */
export interface CancellationNote {
  eventId: string;
  correlationId: string;
  receivedAt: string;
}

export interface PaymentRecord {
  orderId: string;
  status: PaymentStatus;
  /**
   * Bumped by every change. A write succeeds only if the stored record still has the revision
   * it was decided on (revision 1: only if none is stored), so two deliveries racing on one
   * order cannot both move it, and the loser decides again on what the winner wrote.
   */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** What to charge: the total `InventoryReserved` carried. Absent on a CANCELLED record. */
  amount?: Money;
  customerId?: string;
  paymentId?: string;
  declineReason?: DeclineReason;
  /** Set once the order is known to be cancelled. */
  cancellation?: CancellationNote;
  /**
   * The last event announced about this payment. A redelivery announces it again unchanged
   * (same eventId), which covers a first attempt whose publish failed after its write.
   */
  outcomeEvent?: OutgoingEvent;
  /**
   * The `PaymentDelayed` told about this order while its charge waited for the provider. Written
   * (conditionally, like every change) before it is published, so at most one notice exists per
   * order; `publishedAt` is set once the bus took it, and a later outage attempt publishes an
   * unpublished notice again, unchanged (same eventId and idempotency key).
   */
  delayNotice?: DelayNotice;
}

/** The one delay notice of an order (see `PaymentRecord.delayNotice`). */
export interface DelayNotice {
  event: OutgoingEvent;
  /** When the bus accepted it; absent while it is still to be published. */
  publishedAt?: string;
}

/**
 * What the consumer of `InventoryReserved` does next with an order's payment record. (With no
 * record yet, it opens the charge: see `openPayment`.)
 */
export type ReservationStep =
  /** The charge is open and nobody cancelled: ask the provider (again, with the same key). */
  | 'CHARGE'
  /** The order was cancelled before anything was charged: decline without asking the provider. */
  | 'DECLINE_CANCELLED'
  /** The money was taken while the cancellation arrived: give it back. */
  | 'REFUND'
  /** Decided before: announce the recorded outcome again. */
  | 'ANNOUNCE_RECORDED';

/**
 * What the consumer of `OrderCancelled` does next with an order's payment record. (With no
 * record yet, it records the cancellation: see `recordCancellation`.)
 */
export type CancellationStep =
  /** A charge is open: note the cancellation on it; the capture declines or refunds when it settles. */
  | 'NOTE_ON_PENDING'
  /** Captured: note the cancellation (if not yet) and give the money back. */
  | 'REFUND'
  /** Refunded before: announce `PaymentRefunded` again. */
  | 'ANNOUNCE_RECORDED'
  /** Nothing was or will be charged (declined, or the cancellation is already recorded). */
  | 'NOTHING';

/**
 * Decides what `InventoryReserved` means for an order's payment, given its record. Charging
 * is the only step that reaches the provider, and it is only chosen while the charge is open
 * and uncancelled, so a redelivered reservation never charges again.
 */
export function decideOnReservation(record: PaymentRecord): ReservationStep {
  switch (record.status) {
    case 'PENDING':
      return record.cancellation === undefined ? 'CHARGE' : 'DECLINE_CANCELLED';
    case 'CANCELLED':
      return 'DECLINE_CANCELLED';
    case 'CAPTURED':
      return record.cancellation === undefined ? 'ANNOUNCE_RECORDED' : 'REFUND';
    case 'DECLINED':
    case 'REFUNDED':
      return 'ANNOUNCE_RECORDED';
  }
}

/**
 * Decides what `OrderCancelled` means for an order's payment, given its record. The
 * cancellation may arrive while the charge waits for a provider that is down, or after the
 * capture; either way the customer ends up charged nothing.
 */
export function decideOnCancellation(record: PaymentRecord): CancellationStep {
  switch (record.status) {
    case 'PENDING':
      return record.cancellation === undefined ? 'NOTE_ON_PENDING' : 'NOTHING';
    case 'CAPTURED':
      return 'REFUND';
    case 'REFUNDED':
      return 'ANNOUNCE_RECORDED';
    case 'CANCELLED':
    case 'DECLINED':
      return 'NOTHING';
  }
}

/**
 * What a failed capture attempt (the provider is unavailable) means for telling the order's
 * customer that the payment waits:
 * - `NOTICE`: the charge is open, has waited at least the threshold, and nobody was told: record
 *   and publish `PaymentDelayed`;
 * - `PUBLISH_RECORDED`: the notice is recorded but the bus never took it: publish it again;
 * - `ALREADY_NOTICED`: told before, never twice;
 * - `NOT_DUE`: the wait is still shorter than the threshold;
 * - `SETTLED`: the order is not (or no longer) an open, uncancelled charge: captured, declined,
 *   refunded or cancelled orders are never reported delayed.
 */
export type DelayNoticeStep = 'NOTICE' | 'PUBLISH_RECORDED' | 'ALREADY_NOTICED' | 'NOT_DUE' | 'SETTLED';

/** The facts the delay decision weighs besides the record. */
export interface DelayFacts {
  /** When the payment message was first received from its queue: the start of the wait. */
  waitingSince: Date;
  now: Date;
  /** How long a payment may wait for the provider before the customer is told (`DELAY_NOTICE_SECONDS`). */
  noticeAfterSeconds: number;
}

/** Decides whether an order whose charge just met a provider outage is to be reported delayed (pure). */
export function decideOnDelay(record: PaymentRecord | undefined, facts: DelayFacts): DelayNoticeStep {
  if (record?.status !== 'PENDING' || record.cancellation !== undefined) return 'SETTLED';
  if (record.delayNotice !== undefined) {
    return record.delayNotice.publishedAt === undefined ? 'PUBLISH_RECORDED' : 'ALREADY_NOTICED';
  }
  const waitedMs = facts.now.getTime() - facts.waitingSince.getTime();
  return waitedMs >= facts.noticeAfterSeconds * 1000 ? 'NOTICE' : 'NOT_DUE';
}

/** Records the order's one delay notice (not yet published), caused by the waiting `InventoryReserved`. */
export function markDelayNoticed(record: PaymentRecord, waitingSince: Date, cause: Cause, now: Date): PaymentRecord {
  const event = createEvent(
    'PaymentDelayed',
    { orderId: record.orderId, reason: 'PROVIDER_UNAVAILABLE', waitingSince: waitingSince.toISOString() },
    { idempotencyKey: `PaymentDelayed:${record.orderId}`, ...cause },
    now,
  );
  return changed(record, now, { delayNotice: { event } });
}

/** Notes that the bus took the recorded delay notice, so it is never published again. */
export function markDelayNoticePublished(record: PaymentRecord, now: Date): PaymentRecord {
  if (record.delayNotice === undefined) throw new Error(`Payment of order ${record.orderId} has no delay notice`);
  return changed(record, now, { delayNotice: { ...record.delayNotice, publishedAt: now.toISOString() } });
}

/** The correlation and causation of an event payments publishes (see `causedBy`). */
export type Cause = Omit<EventCause, 'idempotencyKey'>;

/** The provider key of an order's one charge: the same on every attempt, so a retry cannot charge twice. */
export const captureKeyOf = (orderId: string): string => `capture:${orderId}`;
/** The provider key of an order's one refund. */
export const refundKeyOf = (orderId: string): string => `refund:${orderId}`;

function changed(record: PaymentRecord, now: Date, change: Partial<PaymentRecord>): PaymentRecord {
  return { ...record, ...change, revision: record.revision + 1, updatedAt: now.toISOString() };
}

/** A new PENDING record: the charge of `amount` to `customerId` is opened. */
export function openPayment(orderId: string, amount: Money, customerId: string, now: Date): PaymentRecord {
  const at = now.toISOString();
  return { orderId, status: 'PENDING', revision: 1, createdAt: at, updatedAt: at, amount, customerId };
}

/** The provider took the money. Announced as `PaymentCaptured` unless the order was cancelled meanwhile. */
export function markCaptured(record: PaymentRecord, paymentId: string, cause: Cause, now: Date): PaymentRecord {
  const amount = requireAmount(record);
  return changed(record, now, {
    status: 'CAPTURED',
    paymentId,
    outcomeEvent: createEvent(
      'PaymentCaptured',
      { orderId: record.orderId, paymentId, amount },
      { idempotencyKey: `PaymentCaptured:${record.orderId}`, ...cause },
      now,
    ),
  });
}

/** Nothing was taken and nothing will be: announced as `PaymentDeclined`. */
export function markDeclined(record: PaymentRecord, reason: DeclineReason, cause: Cause, now: Date): PaymentRecord {
  return changed(record, now, {
    status: 'DECLINED',
    declineReason: reason,
    outcomeEvent: createEvent(
      'PaymentDeclined',
      { orderId: record.orderId, reason },
      { idempotencyKey: `PaymentDeclined:${record.orderId}`, ...cause },
      now,
    ),
  });
}

/** The money was given back: announced as `PaymentRefunded`, caused by the cancellation. */
export function markRefunded(record: PaymentRecord, cause: Cause, now: Date): PaymentRecord {
  const amount = requireAmount(record);
  if (record.paymentId === undefined) throw new Error(`Payment of order ${record.orderId} has no paymentId to refund`);
  return changed(record, now, {
    status: 'REFUNDED',
    outcomeEvent: createEvent(
      'PaymentRefunded',
      { orderId: record.orderId, paymentId: record.paymentId, amount },
      { idempotencyKey: `PaymentRefunded:${record.orderId}`, ...cause },
      now,
    ),
  });
}

/** A CANCELLED record for an order payments has not heard of otherwise. */
export function recordCancellation(orderId: string, cancellation: CancellationNote, now: Date): PaymentRecord {
  const at = now.toISOString();
  return { orderId, status: 'CANCELLED', revision: 1, createdAt: at, updatedAt: at, cancellation };
}

/** Notes the cancellation on an open or captured charge, keeping its status. */
export function noteCancellation(record: PaymentRecord, cancellation: CancellationNote, now: Date): PaymentRecord {
  return changed(record, now, { cancellation });
}

/** The cause of events announced because of the recorded cancellation. */
export function causeOfCancellation(record: PaymentRecord): Cause | undefined {
  const note = record.cancellation;
  return note === undefined ? undefined : { correlationId: note.correlationId, causationId: note.eventId };
}

function requireAmount(record: PaymentRecord): Money {
  if (record.amount === undefined) throw new Error(`Payment of order ${record.orderId} has no amount`);
  return record.amount;
}
