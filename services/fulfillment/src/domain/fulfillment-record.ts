import type { OutgoingEvent } from '@shop/shared/envelope';
import { OrderCancelledError, SagaCompensatingError } from './errors.ts';
import type { FulfillmentStep } from './saga.ts';

/** What every completed step records: when it completed and, once compensated, when it was undone. */
interface StepCompletion {
  completedAt: string;
  /** Set by the step's compensation; a step is never redone once undone. */
  undoneAt?: string;
}

/** ALLOCATE_STOCK: the warehouse set units aside for picking. Undone by ReleaseAllocation. */
export interface Allocation extends StepCompletion {
  allocationId: string;
}

/** BOOK_CARRIER: a carrier pickup is booked. Undone by CancelCarrierBooking. */
export interface CarrierBooking extends StepCompletion {
  bookingId: string;
  carrier: string;
  trackingNumber: string;
}

/**
 * Where a document too large for an event is kept (a claim check): its S3 object, with the size
 * and SHA-256 a reader checks it against.
 */
export interface StoredDocument {
  bucket: string;
  key: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

/** CREATE_LABEL: the shipping label is printed; from here the order is shipped. Undone by VoidLabel. */
export interface ShippingLabel extends StepCompletion {
  shipmentId: string;
  /** The label document the carrier printed, stored in the documents bucket. */
  document?: StoredDocument;
}

/** What each forward step records. */
export interface StepRecords {
  ALLOCATE_STOCK: Allocation;
  BOOK_CARRIER: CarrierBooking;
  CREATE_LABEL: ShippingLabel;
}

/** A step's result before it is recorded (the completion time is added when it is). */
export type StepResult<S extends FulfillmentStep> = Omit<StepRecords[S], keyof StepCompletion>;

/** An OrderCancelled fulfillment heard about in time. */
export interface Cancellation {
  recordedAt: string;
  reason: string;
  /** The OrderCancelled event that said so. */
  eventId: string;
}

/**
 * Everything fulfillment knows about one order: one item, so that every decision that must
 * exclude another (a step vs a cancellation, a step vs compensation) is one conditional write
 * on one item, atomic without a transaction.
 */
export interface FulfillmentRecord {
  orderId: string;
  steps: { [S in FulfillmentStep]?: StepRecords[S] };
  cancellation?: Cancellation;
  /** Set by the first compensation that runs; from then on no step goes forward. */
  compensatingSince?: string;
  /** The event that announced how the saga ended, re-announced unchanged by a re-run. */
  outcome?: OutgoingEvent;
}

/** What a forward step should do, given the record. */
export type ForwardDecision<S extends FulfillmentStep> =
  /** The step completed before (an AWS task retry, a re-run execution): return what it recorded. */
  | { readonly action: 'REPLAY'; readonly recorded: StepRecords[S] }
  | { readonly action: 'REFUSE'; readonly error: OrderCancelledError | SagaCompensatingError }
  | { readonly action: 'PERFORM' };

/**
 * The rule every forward step follows. A cancellation wins over everything (it is checked
 * first so a cancelled order stops at the next step, even one that completed before), then
 * compensation (once anything was undone the saga only goes backwards), then the step's own
 * record (do it once per order). Only then is the step performed.
 */
export function decideForwardStep<S extends FulfillmentStep>(
  record: FulfillmentRecord | undefined,
  orderId: string,
  step: S,
): ForwardDecision<S> {
  if (record?.cancellation !== undefined) {
    return { action: 'REFUSE', error: new OrderCancelledError(orderId, step) };
  }
  if (record?.compensatingSince !== undefined) {
    return { action: 'REFUSE', error: new SagaCompensatingError(orderId, step) };
  }
  const recorded = record?.steps[step];
  return recorded === undefined ? { action: 'PERFORM' } : { action: 'REPLAY', recorded };
}

/** What a compensation should do for its step. */
export type CompensationDecision = 'UNDO' | 'NOTHING_TO_UNDO' | 'ALREADY_UNDONE';

/**
 * A compensation undoes its step only if the step completed and was not undone yet. It runs
 * for the failed step too, not only for the ones before it: a step whose Lambda timed out may
 * have completed its write all the same, and undoing nothing is harmless.
 */
export function decideCompensation(record: FulfillmentRecord | undefined, step: FulfillmentStep): CompensationDecision {
  const recorded = record?.steps[step];
  if (recorded === undefined) return 'NOTHING_TO_UNDO';
  return recorded.undoneAt === undefined ? 'UNDO' : 'ALREADY_UNDONE';
}

/** What an OrderCancelled does to fulfillment. */
export type CancellationDecision =
  /** Not shipped: record it, so the saga's next step fails with ORDER_CANCELLED and compensates. */
  | 'RECORD'
  | 'ALREADY_RECORDED'
  /** The label exists, so the parcel is shipped: the cancellation lost the race (see README). */
  | 'TOO_LATE';

/**
 * An order can be cancelled until its label is created. A label that compensation voided does
 * not count: that saga has failed and the cancellation is harmless to record.
 */
export function decideCancellation(record: FulfillmentRecord | undefined): CancellationDecision {
  if (record?.cancellation !== undefined) return 'ALREADY_RECORDED';
  if (record?.steps.CREATE_LABEL !== undefined && record.compensatingSince === undefined) return 'TOO_LATE';
  return 'RECORD';
}
