import type { PaymentRecord } from '../domain/payment.ts';
import type { PaymentRepository } from '../domain/ports.ts';

/**
 * A PaymentRepository in memory with the DynamoDB one's semantics (a save succeeds only on
 * the revision it was decided on), for use-case and handler tests. `beforeNextSave` lets a
 * test change the stored record between a use case's read and its write, to stage a race.
 */
export class InMemoryPaymentRepository implements PaymentRepository {
  readonly #records = new Map<string, PaymentRecord>();
  readonly #beforeSave: Array<() => void | Promise<void>> = [];
  /** Every save attempt, in order, with its answer, for assertions. */
  readonly saves: Array<{ status: PaymentRecord['status']; revision: number; answer: 'SAVED' | 'CONFLICT' }> = [];

  async find(orderId: string): Promise<PaymentRecord | undefined> {
    const record = this.#records.get(orderId);
    return record === undefined ? undefined : structuredClone(record);
  }

  async save(record: PaymentRecord): Promise<'SAVED' | 'CONFLICT'> {
    await this.#beforeSave.shift()?.();
    const storedRevision = this.#records.get(record.orderId)?.revision ?? 0;
    const answer = storedRevision === record.revision - 1 ? 'SAVED' : 'CONFLICT';
    if (answer === 'SAVED') this.#records.set(record.orderId, structuredClone(record));
    this.saves.push({ status: record.status, revision: record.revision, answer });
    return answer;
  }

  /** Runs `interfere` right before the next save is decided (once). */
  beforeNextSave(interfere: () => void | Promise<void>): this {
    this.#beforeSave.push(interfere);
    return this;
  }

  /** Stores a record as is, bypassing the revision check, for arranging tests. */
  put(record: PaymentRecord): this {
    this.#records.set(record.orderId, structuredClone(record));
    return this;
  }
}
