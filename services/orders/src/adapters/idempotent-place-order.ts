import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { PlaceOrderInput, PlaceOrderResult } from '../domain/place-order.ts';

/**
 * How long a client's Idempotency-Key is remembered: a day, which covers any sensible client
 * retry policy (the same window Stripe documents). DynamoDB TTL removes the record after.
 */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;

export interface IdempotentPlaceOrder {
  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderResult>;
  /** Lets Powertools expire an INPROGRESS record of an invocation that times out. */
  registerLambdaContext(context: Context): void;
}

/**
 * Honours the `Idempotency-Key` header with Powertools idempotency, wrapping the use case
 * (not the handler) as Powertools recommends.
 *
 * - The key is the client's key *and* the customer, so two customers' keys never collide.
 * - A retry gets the stored result: the same order id, and no second order or event.
 * - The same key with a different order body is refused (`IdempotencyValidationError`,
 *   payload validation on `command`), rather than answered with an order the body does not
 *   describe.
 * - A retry while the first attempt is still running gets `IdempotencyAlreadyInProgressError`.
 * - A request without a key is not deduplicated: nothing identifies its retries.
 *
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/
 */
export function createIdempotentPlaceOrder(
  placeOrder: (input: PlaceOrderInput) => Promise<PlaceOrderResult>,
  persistenceStore: BasePersistenceLayer,
): IdempotentPlaceOrder {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[command.customerId, idempotencyKey]',
    payloadValidationJmesPath: 'command',
    expiresAfterSeconds: IDEMPOTENCY_KEY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const placeOrderOnce = makeIdempotent(placeOrder, { persistenceStore, config });
  return {
    placeOrder: (input) => (input.idempotencyKey === undefined ? placeOrder(input) : placeOrderOnce(input)),
    registerLambdaContext: (context) => config.registerLambdaContext(context),
  };
}
