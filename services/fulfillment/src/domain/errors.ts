/**
 * The errors a saga step throws. Their `name` is what the state machine sees (Lambda reports a
 * function error under its `errorType`, which is the error's name), so the names are part of the
 * contract with `serverless.yml`: the `Retry` blocks list the ones never worth retrying, and
 * `failureReasonFor` maps them to `FulfillmentFailed.reason`. Each sets `name` explicitly
 * because esbuild minifies class names.
 */
import { DomainError, type ShopErrorOptions } from '@shop/shared/errors';
import type { FulfillmentStep } from './saga.ts';

/** The order was cancelled before this step could complete. Not retried: a cancellation is final. */
export class OrderCancelledError extends DomainError {
  override readonly name: string = 'OrderCancelledError';
  readonly retryable = false;

  constructor(orderId: string, step: FulfillmentStep, options?: ShopErrorOptions) {
    super(`Order ${orderId} was cancelled; ${step} will not run`, 'ORDER_CANCELLED', options);
  }
}

/**
 * Compensation has begun for this order (a previous run of the execution failed and undid
 * steps), so no step may go forward again: shipping with a released allocation or a cancelled
 * booking would be worse than failing. Not retried.
 */
export class SagaCompensatingError extends DomainError {
  override readonly name: string = 'SagaCompensatingError';
  readonly retryable = false;

  constructor(orderId: string, step: FulfillmentStep, options?: ShopErrorOptions) {
    super(`Fulfillment of order ${orderId} is being undone; ${step} will not run`, 'SAGA_COMPENSATING', options);
  }
}

/**
 * The operator's fault switch (`FAULTS#settings`) says this step fails: it stands for a
 * warehouse, carrier or label service that is down. Retried like any outage, then caught.
 */
export class InjectedFaultError extends DomainError {
  override readonly name: string = 'InjectedFaultError';
  readonly retryable = true;

  constructor(step: FulfillmentStep, options?: ShopErrorOptions) {
    super(`${step} failed: the fault switch is set for it`, 'FAULT_INJECTED', options);
  }
}

/** A step ran before the step it builds on (a label with no carrier booking): a wiring bug. */
export class StepOutOfOrderError extends DomainError {
  override readonly name: string = 'StepOutOfOrderError';
  readonly retryable = false;

  constructor(orderId: string, step: string, missing: FulfillmentStep, options?: ShopErrorOptions) {
    super(`${step} for order ${orderId} needs ${missing} to have completed`, 'STEP_OUT_OF_ORDER', options);
  }
}

/**
 * A conditional write lost against a write a fresh read does not explain. Retryable: the next
 * attempt decides on settled data.
 */
export class StepContentionError extends DomainError {
  override readonly name: string = 'StepContentionError';
  readonly retryable = true;

  constructor(orderId: string, step: string, options?: ShopErrorOptions) {
    super(`The fulfillment record of order ${orderId} changed while ${step} ran`, 'STEP_CONTENTION', options);
  }
}

/**
 * The order already announced the other outcome (OrderShipped vs FulfillmentFailed). Never
 * expected; failing loudly beats publishing both.
 */
export class OutcomeConflictError extends DomainError {
  override readonly name: string = 'OutcomeConflictError';
  readonly retryable = false;

  constructor(orderId: string, recorded: string, requested: string, options?: ShopErrorOptions) {
    super(
      `Order ${orderId} already announced ${recorded}; refusing to announce ${requested}`,
      'OUTCOME_CONFLICT',
      options,
    );
  }
}
