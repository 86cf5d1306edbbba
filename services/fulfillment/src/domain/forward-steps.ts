import { InjectedFaultError, StepContentionError, StepOutOfOrderError } from './errors.ts';
import { isFaultInjected } from './faults.ts';
import { decideForwardStep, type FulfillmentRecord, type StepRecords, type StepResult } from './fulfillment-record.ts';
import type { Carrier, Clock, DocumentStore, FaultSwitch, FulfillmentRepository, LabelService } from './ports.ts';
import type { FulfillmentStep } from './saga.ts';

export interface ForwardStepDependencies {
  repository: FulfillmentRepository;
  faults: FaultSwitch;
  carrier: Carrier;
  labels: LabelService;
  documents: DocumentStore;
  clock: Clock;
  /** A new allocation id. */
  newAllocationId: () => string;
}

/** What a step task returns to the state machine: the step's record, and whether it was done before. */
export type ForwardStepResult<S extends FulfillmentStep> = StepRecords[S] & { replayed: boolean };

/** The only input a step needs: everything else is in the fulfillment record. */
export interface StepRequest {
  orderId: string;
}

interface StepDefinition<S extends FulfillmentStep> {
  step: S;
  /** Does the step's work (or asks the provider, which answers the same for the same order). */
  perform(record: FulfillmentRecord | undefined, orderId: string): Promise<StepResult<S>>;
  /** Undoes work whose record was refused because the order was cancelled meanwhile. */
  undoUnrecorded?(result: StepRecords[S]): Promise<void>;
}

/**
 * Runs one forward step idempotently on the order id: decide from the record, honour the fault
 * switch, perform, record with a conditional write. Losing the write means something else got
 * there first (a concurrent retry, a cancellation, compensation), so the record is read again
 * and decided on; work done for nothing is undone before the refusal is thrown.
 */
function createForwardStep<S extends FulfillmentStep>(deps: ForwardStepDependencies, definition: StepDefinition<S>) {
  const { step } = definition;
  return async ({ orderId }: StepRequest): Promise<ForwardStepResult<S>> => {
    const record = await deps.repository.find(orderId);
    const decision = decideForwardStep(record, orderId, step);
    if (decision.action === 'REPLAY') return { ...decision.recorded, replayed: true };
    if (decision.action === 'REFUSE') throw decision.error;
    if (isFaultInjected(await deps.faults.read(), step)) throw new InjectedFaultError(step);
    const completed = {
      ...(await definition.perform(record, orderId)),
      completedAt: deps.clock().toISOString(),
    } as StepRecords[S];
    if ((await deps.repository.recordStep(orderId, step, completed)) === 'RECORDED') {
      return { ...completed, replayed: false };
    }
    const settled = decideForwardStep(await deps.repository.find(orderId), orderId, step);
    if (settled.action === 'REPLAY') return { ...settled.recorded, replayed: true };
    await definition.undoUnrecorded?.(completed);
    throw settled.action === 'REFUSE' ? settled.error : new StepContentionError(orderId, step);
  };
}

/** The documents bucket's key of an order's label: one per shipment, so a retried step replaces it. */
export function labelKey(orderId: string, shipmentId: string): string {
  return `labels/${orderId}/${shipmentId}.svg`;
}

/** Voids the label with the label service and removes its stored document. */
export async function voidLabel(
  deps: { labels: LabelService; documents: DocumentStore },
  label: StepRecords['CREATE_LABEL'],
): Promise<void> {
  await deps.labels.void(label);
  if (label.document !== undefined) await deps.documents.remove(label.document);
}

/** The steps of the saga, each a task of the state machine. */
export function createForwardSteps(deps: ForwardStepDependencies) {
  return {
    /** ALLOCATE_STOCK: sets the order's units aside in the warehouse (the record is the allocation). */
    allocateStock: createForwardStep(deps, {
      step: 'ALLOCATE_STOCK',
      perform: async () => ({ allocationId: deps.newAllocationId() }),
    }),
    /** BOOK_CARRIER: books the pickup with the carrier. */
    bookCarrier: createForwardStep(deps, {
      step: 'BOOK_CARRIER',
      perform: (_record, orderId) => deps.carrier.book(orderId),
      undoUnrecorded: (booking) => deps.carrier.cancel(booking),
    }),
    /**
     * CREATE_LABEL: prints the label for the booked parcel and keeps the label document in the
     * documents bucket (too large for an event: OrderShipped carries its reference); the order
     * counts as shipped from here.
     */
    createLabel: createForwardStep(deps, {
      step: 'CREATE_LABEL',
      perform: async (record, orderId) => {
        const booking = record?.steps.BOOK_CARRIER;
        if (booking === undefined) throw new StepOutOfOrderError(orderId, 'CREATE_LABEL', 'BOOK_CARRIER');
        const printed = await deps.labels.create(orderId, booking);
        const document = await deps.documents.store(labelKey(orderId, printed.shipmentId), printed.document);
        return { shipmentId: printed.shipmentId, document };
      },
      undoUnrecorded: (label) => voidLabel(deps, label),
    }),
  };
}
