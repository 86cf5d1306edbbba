/**
 * Test doubles of the shared kernel, for use-case and handler tests: an idempotency store whose
 * records live in memory (Powertools' real idempotency logic, DynamoDB's semantics), a metrics
 * recorder, and a publisher that validates like the EventBridge one and keeps what it would have
 * published. Production code never imports this module.
 */

import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { OutgoingEvent } from './envelope.ts';
import { PublishError } from './errors.ts';
import { createIdempotencyStoreOn, type IdempotencyStore, type IdempotencyStoreOptions } from './idempotency.ts';
import type { BusinessMetrics, BusinessMetricUnit } from './metrics.ts';
import { assertPublishable, type EventPublisher } from './publisher.ts';

/**
 * A Powertools persistence layer in memory, with the DynamoDB layer's semantics: putting an
 * INPROGRESS record fails with `IdempotencyItemAlreadyExistsError` (carrying the existing
 * record) unless there is none, it has expired, or it is an INPROGRESS record whose
 * in-progress expiry has passed. It lets use-case and consumer tests run Powertools' real
 * idempotency logic without DynamoDB.
 */
export class InMemoryPersistenceLayer extends BasePersistenceLayer {
  readonly #records = new Map<string, IdempotencyRecord>();

  /** How many records are stored (completed or in progress). */
  get size(): number {
    return this.#records.size;
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.#records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError(`No idempotency record for ${idempotencyKey}`);
    return copyRecord(record);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.#records.get(record.idempotencyKey);
    const nowMillis = Date.now();
    const replaceable =
      existing === undefined ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < nowMillis / 1000) ||
      (existing.getStatus() === 'INPROGRESS' &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < nowMillis);
    if (!replaceable) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        copyRecord(existing),
      );
    }
    this.#records.set(record.idempotencyKey, copyRecord(record));
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.#records.get(record.idempotencyKey);
    this.#records.set(
      record.idempotencyKey,
      new IdempotencyRecord({
        idempotencyKey: record.idempotencyKey,
        status: record.getStatus(),
        expiryTimestamp: record.expiryTimestamp,
        inProgressExpiryTimestamp: existing?.inProgressExpiryTimestamp,
        responseData: record.responseData === undefined ? undefined : structuredClone(record.responseData),
        payloadHash: record.payloadHash,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.#records.delete(record.idempotencyKey);
  }
}

function copyRecord(record: IdempotencyRecord): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey: record.idempotencyKey,
    status: record.getStatus(),
    expiryTimestamp: record.expiryTimestamp,
    inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
    responseData: record.responseData === undefined ? undefined : structuredClone(record.responseData),
    payloadHash: record.payloadHash,
  });
}

/** An idempotency store in memory, for tests: same config and semantics, no DynamoDB. */
export function createInMemoryIdempotencyStore(
  options: Omit<IdempotencyStoreOptions, 'tableName' | 'client'> = {},
): IdempotencyStore & { readonly persistenceStore: InMemoryPersistenceLayer } {
  const persistenceStore = new InMemoryPersistenceLayer();
  return { ...createIdempotencyStoreOn(persistenceStore, options), persistenceStore };
}

/** A recorder for tests: every datapoint, in order. */
export function createInMemoryMetrics(): BusinessMetrics & {
  readonly recorded: Array<{
    name: string;
    value: number;
    unit: BusinessMetricUnit;
    dimensions: Record<string, string>;
  }>;
} {
  const recorded: Array<{ name: string; value: number; unit: BusinessMetricUnit; dimensions: Record<string, string> }> =
    [];
  return {
    recorded,
    record(name, value = 1, unit = 'Count', dimensions = {}) {
      recorded.push({ name, value, unit, dimensions: { ...dimensions } });
    },
  };
}

/** A publisher for use-case tests: records what would have been published. */
export interface InMemoryPublisher extends EventPublisher {
  /** Every event published so far, in order. */
  readonly events: readonly OutgoingEvent[];
  /** Makes the next `publish` call throw `error` (default: a `PublishError`) and record nothing. */
  failNextPublish(error?: Error): void;
  /** Forgets the recorded events. */
  clear(): void;
}

/**
 * An {@link EventPublisher} that keeps events in memory. It validates like the EventBridge
 * publisher does, so a use-case test fails when the use case emits an event the catalog
 * would reject.
 */
export function createInMemoryPublisher(): InMemoryPublisher {
  const published: OutgoingEvent[] = [];
  const pendingFailures: Array<Error | undefined> = [];
  return {
    get events() {
      return published;
    },
    async publish(events) {
      for (const event of events) assertPublishable(event);
      if (pendingFailures.length > 0) {
        const failure = pendingFailures.shift();
        throw (
          failure ??
          new PublishError(
            events.map((event) => ({
              eventName: event.name,
              eventId: event.detail.metadata.eventId,
              errorCode: 'InternalFailure',
              errorMessage: 'simulated by InMemoryPublisher.failNextPublish',
            })),
          )
        );
      }
      published.push(...events);
    },
    failNextPublish(error) {
      pendingFailures.push(error);
    },
    clear() {
      published.length = 0;
    },
  };
}
