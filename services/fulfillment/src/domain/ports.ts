import type { OutgoingEvent } from '@shop/shared/envelope';
import type { FaultSettings } from './faults.ts';
import type {
  Cancellation,
  CarrierBooking,
  FulfillmentRecord,
  ShippingLabel,
  StepRecords,
  StepResult,
  StoredDocument,
} from './fulfillment-record.ts';
import type { FulfillmentStep, SagaInput } from './saga.ts';

/** A conditional write either happened or was refused because its condition did not hold. */
export type WriteOutcome = 'RECORDED' | 'REFUSED';

/**
 * The fulfillment record of each order (see `FulfillmentRecord`). Every write is conditional,
 * so a step is recorded once per order however often it runs: Step Functions retries tasks,
 * and a Lambda may finish its work and still time out.
 */
export interface FulfillmentRepository {
  /** Strongly consistent: a step decides on the latest write. */
  find(orderId: string): Promise<FulfillmentRecord | undefined>;
  /** Records a completed step unless it is recorded, the order is cancelled or compensation began. */
  recordStep<S extends FulfillmentStep>(orderId: string, step: S, completed: StepRecords[S]): Promise<WriteOutcome>;
  /** Marks the saga as compensating (once; later calls keep the first time) and returns the record. */
  beginCompensation(orderId: string, at: string): Promise<FulfillmentRecord>;
  /** Marks a step undone unless it is not recorded or already undone. */
  recordUndone(orderId: string, step: FulfillmentStep, at: string): Promise<WriteOutcome>;
  /** Records a cancellation unless one is recorded or the label exists outside compensation. */
  recordCancellation(orderId: string, cancellation: Cancellation): Promise<WriteOutcome>;
  /** Records the outcome event unless one is recorded. */
  recordOutcome(orderId: string, event: OutgoingEvent): Promise<WriteOutcome>;
}

/** Reads the operator's fault switch. */
export interface FaultSwitch {
  read(): Promise<FaultSettings>;
}

/**
 * The carrier's booking API. Real carrier APIs take an idempotency key; the order id is ours,
 * so booking twice for one order returns the same booking.
 */
export interface Carrier {
  book(orderId: string): Promise<StepResult<'BOOK_CARRIER'>>;
  cancel(booking: CarrierBooking): Promise<void>;
}

/** A label as the label service prints it: the shipment's id and the document to stick on the parcel. */
export interface PrintedLabel {
  shipmentId: string;
  document: { contentType: string; body: string };
}

/** The label service: prints a label for a booked parcel, idempotent on the order id. */
export interface LabelService {
  create(orderId: string, booking: CarrierBooking): Promise<PrintedLabel>;
  void(label: ShippingLabel): Promise<void>;
}

/**
 * Where fulfillment keeps documents too large for an event (Amazon S3): the event carries only
 * the reference. Storing the same key again replaces it, so a retried step stores once.
 */
export interface DocumentStore {
  store(key: string, document: { contentType: string; body: string }): Promise<StoredDocument>;
  /** Deleting a document that is gone already is not an error. */
  remove(document: StoredDocument): Promise<void>;
}

/** Starts the saga's state machine execution for an order. */
export interface SagaStarter {
  /** `ALREADY_STARTED` when an execution of that name exists (running or finished). */
  start(executionName: string, input: SagaInput): Promise<'STARTED' | 'ALREADY_STARTED'>;
}

export type Clock = () => Date;
