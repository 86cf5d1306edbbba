import { type StepRequest, voidLabel } from './forward-steps.ts';
import { decideCompensation, type StepRecords } from './fulfillment-record.ts';
import type { Carrier, Clock, DocumentStore, FulfillmentRepository, LabelService } from './ports.ts';
import type { FulfillmentStep } from './saga.ts';

export interface CompensationDependencies {
  repository: FulfillmentRepository;
  carrier: Carrier;
  labels: LabelService;
  documents: DocumentStore;
  clock: Clock;
}

/** What a compensation task returns to the state machine (its history shows it). */
export interface CompensationResult {
  step: FulfillmentStep;
  outcome: 'UNDONE' | 'NOTHING_TO_UNDO' | 'ALREADY_UNDONE';
}

/**
 * Undoes one step, idempotently: the first compensation marks the saga as compensating (so no
 * step goes forward again, even in a re-run execution), then the step is undone only if it is
 * recorded and not undone yet. The provider is asked first and the record written after, so a
 * crash in between repeats the provider call (idempotent) rather than losing it.
 */
function createCompensation<S extends FulfillmentStep>(
  deps: CompensationDependencies,
  step: S,
  undo: (recorded: StepRecords[S]) => Promise<void>,
) {
  return async ({ orderId }: StepRequest): Promise<CompensationResult> => {
    const at = deps.clock().toISOString();
    const record = await deps.repository.beginCompensation(orderId, at);
    const decision = decideCompensation(record, step);
    const recorded = record.steps[step];
    if (decision !== 'UNDO' || recorded === undefined) {
      return { step, outcome: decision === 'UNDO' ? 'NOTHING_TO_UNDO' : decision };
    }
    await undo(recorded as StepRecords[S]);
    const written = await deps.repository.recordUndone(orderId, step, at);
    return { step, outcome: written === 'RECORDED' ? 'UNDONE' : 'ALREADY_UNDONE' };
  };
}

/** The compensations, run by the state machine in reverse order of the forward steps. */
export function createCompensations(deps: CompensationDependencies) {
  return {
    /** Undoes CREATE_LABEL: voids the label with the label service and removes its document. */
    voidLabel: createCompensation(deps, 'CREATE_LABEL', (label) => voidLabel(deps, label)),
    /** Undoes BOOK_CARRIER: cancels the pickup with the carrier. */
    cancelCarrierBooking: createCompensation(deps, 'BOOK_CARRIER', (booking) => deps.carrier.cancel(booking)),
    /** Undoes ALLOCATE_STOCK: the warehouse allocation is ours alone, so recording the release is the release. */
    releaseAllocation: createCompensation(deps, 'ALLOCATE_STOCK', async () => {}),
  };
}
