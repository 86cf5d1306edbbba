import type { EventPublisher } from '@shop/shared/publisher';
import { PaymentContentionError } from './errors.ts';
import {
  causeOfCancellation,
  type DeclineReason,
  markRefunded,
  type PaymentRecord,
  type PaymentStatus,
  refundKeyOf,
} from './payment.ts';
import type { Clock, PaymentProvider, PaymentRepository } from './ports.ts';

/** What both payment use cases work with. */
export interface PaymentDependencies {
  payments: PaymentRepository;
  provider: PaymentProvider;
  publisher: EventPublisher;
  clock: Clock;
}

/** What a use case did to an order's payment; plain data, which Powertools stores as the result. */
export interface PaymentResult {
  orderId: string;
  status: PaymentStatus;
  paymentId?: string;
  declineReason?: DeclineReason;
  /** The event this call announced, if it announced one. */
  announced?: string;
  /** True when the outcome had been decided before and its recorded event was announced again. */
  replayed: boolean;
}

/**
 * How many times a use case reads, decides and writes before giving up on a record that keeps
 * changing. Each lost write means another delivery made progress, so a few rounds suffice.
 */
export const MAX_WRITE_ROUNDS = 5;

/**
 * Applies `change` to the latest stored record and saves it, reading again after every lost
 * race, until it is saved or `change` answers undefined (the latest record needs no change:
 * another delivery already did the work). Returns the record that stands and whether this
 * call wrote it.
 */
export async function saveOnLatest(
  payments: PaymentRepository,
  orderId: string,
  change: (latest: PaymentRecord | undefined) => PaymentRecord | undefined,
): Promise<{ record: PaymentRecord | undefined; saved: boolean }> {
  for (let round = 0; round < MAX_WRITE_ROUNDS; round += 1) {
    const latest = await payments.find(orderId);
    const next = change(latest);
    if (next === undefined) return { record: latest, saved: false };
    if ((await payments.save(next)) === 'SAVED') return { record: next, saved: true };
  }
  throw new PaymentContentionError(orderId);
}

/**
 * Gives a captured payment back because the order was cancelled. The provider's refund is
 * idempotent on the order's refund key, so a retry after a lost write or an outage cannot
 * refund twice; the record then moves to REFUNDED only if it is still CAPTURED.
 */
export async function refundPayment(deps: PaymentDependencies, captured: PaymentRecord): Promise<PaymentResult> {
  const { orderId, paymentId, amount } = captured;
  const cause = causeOfCancellation(captured);
  if (paymentId === undefined || amount === undefined || cause === undefined) {
    throw new Error(`Payment of order ${orderId} is not a cancelled capture and cannot be refunded`);
  }
  await deps.provider.refund({ idempotencyKey: refundKeyOf(orderId), orderId, paymentId, amount });
  const { record, saved } = await saveOnLatest(deps.payments, orderId, (latest) =>
    latest?.status === 'CAPTURED' ? markRefunded(latest, cause, deps.clock()) : undefined,
  );
  // Only a refund moves a CAPTURED record on, so anything else here is a record rewritten behind our back.
  if (record?.status !== 'REFUNDED') {
    throw new Error(`Payment of order ${orderId} was refunded but its record is ${record?.status ?? 'missing'}`);
  }
  return announce(deps.publisher, record, !saved);
}

/** Publishes the record's outcome event (if it has one) and says what stands. */
export async function announce(
  publisher: EventPublisher,
  record: PaymentRecord,
  replayed: boolean,
): Promise<PaymentResult> {
  if (record.outcomeEvent === undefined) return summarize(record, replayed);
  await publisher.publish([record.outcomeEvent]);
  return { ...summarize(record, replayed), announced: record.outcomeEvent.name };
}

/** The result of a call that changed nothing and announced nothing. */
export function summarize(record: PaymentRecord, replayed: boolean): PaymentResult {
  return {
    orderId: record.orderId,
    status: record.status,
    ...(record.paymentId === undefined ? {} : { paymentId: record.paymentId }),
    ...(record.declineReason === undefined ? {} : { declineReason: record.declineReason }),
    replayed,
  };
}
