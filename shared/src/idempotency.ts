/**
 * Idempotent use cases on the event's idempotency key, with Powertools idempotency and a
 * DynamoDB persistence layer (docs/architecture.md#consumers): a redelivered SQS message, a retried async
 * invocation or an archive replay runs the work once and gets the stored result after.
 *
 * Following Powertools' own guidance, the *function that does the work* is wrapped
 * (`makeIdempotent(reserveStock, ...)`), not the whole handler: one record of a batch is
 * one unit of idempotency.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/
 */

import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/** The JMESPath of the idempotency key inside the envelope a wrapped function receives. */
export const EVENT_IDEMPOTENCY_KEY_PATH = 'metadata.idempotencyKey';

/**
 * How long a completed record is kept: 31 days, one more than the bus archive's retention
 * (`RetentionDays: 30` in the platform stack), so replaying any archived window is a no-op
 * for work already done. DynamoDB TTL deletes the records afterwards (attribute `expiration`).
 */
export const DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS = 31 * 24 * 60 * 60;

/** Where idempotency records live and how they are keyed; one per function, built at cold start. */
export interface IdempotencyStore {
  readonly persistenceStore: BasePersistenceLayer;
  readonly config: IdempotencyConfig;
  /**
   * Call at the start of every invocation. Powertools uses the context's remaining time to
   * give the INPROGRESS record an expiry, so an invocation that times out mid-work does not
   * block its retry until the record expires (31 days).
   */
  registerLambdaContext(context: Context): void;
  /**
   * Calls `listener` with the stored result each time a duplicate is answered from the store
   * instead of doing the work again (Powertools' `responseHook`), so the consumer can log it.
   */
  onDuplicate(listener: (storedResult: unknown) => void): void;
}

/** Options of {@link createIdempotencyStore}. */
export interface IdempotencyStoreOptions {
  /** The function's idempotency table (`IDEMPOTENCY_TABLE`): partition key `id`, TTL on `expiration`. */
  readonly tableName: string;
  /** A DynamoDB client built once at module scope; Powertools builds one when omitted. */
  readonly client?: DynamoDBClient;
  /** Defaults to {@link DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS}. */
  readonly expiresAfterSeconds?: number;
  /**
   * Where the key is in the wrapped function's first argument. Defaults to the envelope's
   * `metadata.idempotencyKey`; an HTTP use case keyed on a client's Idempotency-Key header
   * passes its own path.
   */
  readonly eventKeyJmesPath?: string;
}

/**
 * An idempotency store on any Powertools persistence layer, with the shop's configuration (the
 * key path, the expiry, the duplicate listeners). Deployed functions use
 * {@link createIdempotencyStore}; tests pass an in-memory layer (`@shop/shared/testing`).
 */
export function createIdempotencyStoreOn(
  persistenceStore: BasePersistenceLayer,
  options: Omit<IdempotencyStoreOptions, 'tableName' | 'client'>,
): IdempotencyStore {
  const duplicateListeners: Array<(storedResult: unknown) => void> = [];
  const config = new IdempotencyConfig({
    eventKeyJmesPath: options.eventKeyJmesPath ?? EVENT_IDEMPOTENCY_KEY_PATH,
    expiresAfterSeconds: options.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
    // A missing key is a bug (the schema requires it), never a reason to run unprotected.
    throwOnNoIdempotencyKey: true,
    responseHook: (response) => {
      for (const listener of duplicateListeners) listener(response);
      return response;
    },
  });
  return {
    persistenceStore,
    config,
    registerLambdaContext: (context) => config.registerLambdaContext(context),
    onDuplicate: (listener) => {
      duplicateListeners.push(listener);
    },
  };
}

/** An idempotency store on DynamoDB, the one deployed functions use. */
export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  const persistenceStore = options.client
    ? new DynamoDBPersistenceLayer({ tableName: options.tableName, awsSdkV3Client: options.client })
    : new DynamoDBPersistenceLayer({ tableName: options.tableName });
  return createIdempotencyStoreOn(persistenceStore, options);
}

/** Options of {@link makeEventIdempotent}. */
export interface MakeEventIdempotentOptions {
  /**
   * Replaces the record key prefix (by default the Lambda function's name). Give each use
   * case its own prefix when one function wraps several with the same store.
   */
  readonly keyPrefix?: string;
}

/**
 * Wraps a use case `(envelope) => Promise<T>` so it runs once per `metadata.idempotencyKey`:
 * a repeat returns the stored result (JSON round-tripped, so return plain data), a
 * concurrent repeat throws `IdempotencyAlreadyInProgressError` (retry later), and a throwing
 * use case deletes its record so the retry runs it again.
 */
export function makeEventIdempotent<E extends { readonly metadata: { readonly idempotencyKey: string } }, T>(
  fn: (envelope: E) => Promise<T>,
  store: IdempotencyStore,
  options: MakeEventIdempotentOptions = {},
): (envelope: E) => Promise<T> {
  return makeIdempotent(fn, {
    persistenceStore: store.persistenceStore,
    config: store.config,
    ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
  });
}

/**
 * A middy middleware that hands every invocation's Lambda context to the store before the
 * handler runs (see {@link IdempotencyStore.registerLambdaContext}): every trigger that keeps
 * idempotency records uses it, so no handler calls it by hand.
 */
export function idempotencyContext<E, R>(
  store: Pick<IdempotencyStore, 'registerLambdaContext'>,
): MiddlewareObj<E, R, Error, Context> {
  return {
    before: (request) => {
      store.registerLambdaContext(request.context);
    },
  };
}
