import type { Money, PaymentRecord } from './payment.ts';

/** Payment records, one per order, written only if unchanged since they were read. */
export interface PaymentRepository {
  /** The order's record, read strongly consistent (a stale read would decide on an old state). */
  find(orderId: string): Promise<PaymentRecord | undefined>;
  /**
   * Stores `record` if the stored one still has revision `record.revision - 1` (none stored
   * when `record.revision` is 1). `'CONFLICT'` means another delivery changed it first: read
   * again and decide again.
   */
  save(record: PaymentRecord): Promise<'SAVED' | 'CONFLICT'>;
}

export interface CaptureRequest {
  /** The same for every attempt at one order's charge: the provider answers a repeat with the first result. */
  idempotencyKey: string;
  orderId: string;
  customerId: string;
  amount: Money;
}

export type CaptureAnswer = { outcome: 'CAPTURED'; paymentId: string } | { outcome: 'DECLINED' };

export interface RefundRequest {
  idempotencyKey: string;
  orderId: string;
  paymentId: string;
  amount: Money;
}

/**
 * The payment provider. Both calls are idempotent on `idempotencyKey` (as real providers'
 * idempotency keys are), and throw `ProviderUnavailableError` when the provider could not
 * be reached or refused to work: the caller retries later, nothing was charged or refunded.
 */
export interface PaymentProvider {
  capture(request: CaptureRequest): Promise<CaptureAnswer>;
  refund(request: RefundRequest): Promise<{ refundId: string }>;
}

export type Clock = () => Date;
