import type { FulfillmentFailedV1Data } from '@shop/events';

/** A forward step of the fulfillment saga, named as `FulfillmentFailed.failedStep` names it. */
export type FulfillmentStep = FulfillmentFailedV1Data['failedStep'];

/** Why fulfillment gave up, as `FulfillmentFailed.reason` says it. */
export type FulfillmentFailureReason = FulfillmentFailedV1Data['reason'];

/** The forward steps in the order the state machine runs them; compensation runs them backwards. */
export const FULFILLMENT_STEPS: readonly FulfillmentStep[] = ['ALLOCATE_STOCK', 'BOOK_CARRIER', 'CREATE_LABEL'];

/** Narrows an operator's or a payload's string to a step. */
export function isFulfillmentStep(value: unknown): value is FulfillmentStep {
  return typeof value === 'string' && (FULFILLMENT_STEPS as readonly string[]).includes(value);
}

/**
 * The execution input `startFulfillment` gives the state machine: the order, the payment that
 * triggered it, and the cause every event of the saga carries. Thin like the events: the steps
 * read everything else from the fulfillment table, which is the saga's source of truth.
 */
export interface SagaInput {
  orderId: string;
  paymentId: string;
  /** Copied from the PaymentCaptured that started the saga. */
  correlationId: string;
  /** The eventId of that PaymentCaptured: the cause of OrderShipped or FulfillmentFailed. */
  causationId: string;
}

/**
 * The error a failed state hands to its `Catch` (`ResultPath: $.failure`): the Lambda's
 * `errorType` (or a `States.*` error) and the cause text.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export interface SagaFailure {
  Error: string;
  Cause?: string;
}

/** The state that flows through the state machine: the input plus what the steps added. */
export interface SagaState extends SagaInput {
  /** Set by the `…Failed` Pass state of the step whose retries ran out. */
  failedStep?: FulfillmentStep;
  failure?: SagaFailure;
}

/**
 * Step Functions execution names are at most 80 characters from a restricted set (and only
 * `A-Z a-z 0-9 - _` keep CloudWatch logging usable). Order ids (`ord_<ULID>`) fit as they are,
 * which makes the execution findable by order id. Anything else is mapped deterministically,
 * so a redelivered PaymentCaptured still names the same execution and cannot start a second.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export function executionNameFor(orderId: string): string {
  if (/^[A-Za-z0-9_-]{1,80}$/.test(orderId)) return orderId;
  const safe = orderId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60);
  return `${safe}-${fnv1a(orderId)}`;
}

/** A 32-bit FNV-1a hash in hex: enough to keep two mapped names apart, and pure. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The `FulfillmentFailed.reason` for the error that ended a step. Lambda reports a function
 * error under its `errorType` (the error's `name`); a task that outran its `TimeoutSeconds` is
 * `States.Timeout`, a function that outran its own timeout `Sandbox.Timedout`.
 */
export function failureReasonFor(errorName: string | undefined): FulfillmentFailureReason {
  if (errorName === 'OrderCancelledError') return 'ORDER_CANCELLED';
  if (errorName === 'States.Timeout' || errorName === 'Sandbox.Timedout') return 'STEP_TIMED_OUT';
  return 'STEP_FAILED';
}
