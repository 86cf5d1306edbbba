import type { OutgoingEvent } from '@shop/shared/envelope';
import type { Cancellation, FulfillmentRecord, StepRecords } from '../domain/fulfillment-record.ts';
import type { FulfillmentRepository, WriteOutcome } from '../domain/ports.ts';
import type { FulfillmentStep } from '../domain/saga.ts';

/**
 * The fulfillment record in memory, with the conditions of the DynamoDB adapter, for use-case
 * and state machine tests. Records are copied in and out, as a database would.
 */
export class InMemoryFulfillmentRepository implements FulfillmentRepository {
  readonly #records = new Map<string, FulfillmentRecord>();

  async find(orderId: string): Promise<FulfillmentRecord | undefined> {
    const record = this.#records.get(orderId);
    return record === undefined ? undefined : structuredClone(record);
  }

  async recordStep<S extends FulfillmentStep>(
    orderId: string,
    step: S,
    completed: StepRecords[S],
  ): Promise<WriteOutcome> {
    const record = this.#recordOf(orderId);
    if (
      record.steps[step] !== undefined ||
      record.cancellation !== undefined ||
      record.compensatingSince !== undefined
    ) {
      return 'REFUSED';
    }
    record.steps[step] = structuredClone(completed);
    return this.#save(record);
  }

  async beginCompensation(orderId: string, at: string): Promise<FulfillmentRecord> {
    const record = this.#recordOf(orderId);
    record.compensatingSince ??= at;
    this.#save(record);
    return structuredClone(record);
  }

  async recordUndone(orderId: string, step: FulfillmentStep, at: string): Promise<WriteOutcome> {
    const record = this.#recordOf(orderId);
    const recorded = record.steps[step];
    if (recorded === undefined || recorded.undoneAt !== undefined) return 'REFUSED';
    recorded.undoneAt = at;
    return this.#save(record);
  }

  async recordCancellation(orderId: string, cancellation: Cancellation): Promise<WriteOutcome> {
    const record = this.#recordOf(orderId);
    const shipped = record.steps.CREATE_LABEL !== undefined && record.compensatingSince === undefined;
    if (record.cancellation !== undefined || shipped) return 'REFUSED';
    record.cancellation = structuredClone(cancellation);
    return this.#save(record);
  }

  async recordOutcome(orderId: string, event: OutgoingEvent): Promise<WriteOutcome> {
    const record = this.#recordOf(orderId);
    if (record.outcome !== undefined) return 'REFUSED';
    record.outcome = structuredClone(event);
    return this.#save(record);
  }

  /** A working copy of the stored record, or a new one (an update creates the item, as in DynamoDB). */
  #recordOf(orderId: string): FulfillmentRecord {
    return structuredClone(this.#records.get(orderId)) ?? { orderId, steps: {} };
  }

  #save(record: FulfillmentRecord): WriteOutcome {
    this.#records.set(record.orderId, structuredClone(record));
    return 'RECORDED';
  }
}
