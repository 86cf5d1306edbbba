import { ValidationError } from '@shop/shared/errors';
import type { BuildOutcomeEventRequest } from '../domain/outcome-event.ts';
import { isFulfillmentStep, type SagaFailure, type SagaState } from '../domain/saga.ts';

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function requireText(fields: Fields, name: string, issues: string[], at: string): string {
  const value = fields[name];
  if (typeof value === 'string' && value !== '') return value;
  issues.push(`${at}.${name}: must be a non-empty string`);
  return '';
}

function parseFailure(value: unknown, issues: string[]): SagaFailure | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.Error !== 'string') {
    issues.push('saga.failure: must be { Error: string, Cause?: string } as a Catch puts it');
    return undefined;
  }
  return typeof value.Cause === 'string' ? { Error: value.Error, Cause: value.Cause } : { Error: value.Error };
}

function collectSagaState(payload: unknown, issues: string[], at: string): SagaState {
  if (!isObject(payload)) {
    issues.push(`${at}: must be the saga state object`);
    return { orderId: '', paymentId: '', correlationId: '', causationId: '' };
  }
  const state: SagaState = {
    orderId: requireText(payload, 'orderId', issues, at),
    paymentId: requireText(payload, 'paymentId', issues, at),
    correlationId: requireText(payload, 'correlationId', issues, at),
    causationId: requireText(payload, 'causationId', issues, at),
  };
  if (payload.failedStep !== undefined) {
    if (isFulfillmentStep(payload.failedStep)) state.failedStep = payload.failedStep;
    else issues.push(`${at}.failedStep: must be ALLOCATE_STOCK, BOOK_CARRIER or CREATE_LABEL`);
  }
  const failure = parseFailure(payload.failure, issues);
  if (failure !== undefined) state.failure = failure;
  return state;
}

/**
 * The saga state a step task receives (`Payload.$: '$'`), checked at the edge. A malformed
 * payload is a wiring bug in the definition: the ValidationError is not retried (see the
 * `Retry` blocks) and sends the saga to its compensations.
 */
export function parseSagaState(payload: unknown): SagaState {
  const issues: string[] = [];
  const state = collectSagaState(payload, issues, 'saga');
  if (issues.length > 0) throw new ValidationError(issues);
  return state;
}

/** The `buildEvent` task's payload: `{ outcome, saga }`, a failure naming its failed step. */
export function parseBuildEventRequest(payload: unknown): BuildOutcomeEventRequest {
  const issues: string[] = [];
  const fields = isObject(payload) ? payload : {};
  const saga = collectSagaState(fields.saga, issues, 'saga');
  const { outcome } = fields;
  if (outcome === 'OrderShipped') {
    if (issues.length > 0) throw new ValidationError(issues);
    return { outcome, saga };
  }
  if (outcome !== 'FulfillmentFailed') issues.push('outcome: must be OrderShipped or FulfillmentFailed');
  const { failedStep } = saga;
  if (outcome === 'FulfillmentFailed' && failedStep === undefined) {
    issues.push('saga.failedStep: FulfillmentFailed needs the step that failed');
  }
  if (issues.length > 0 || failedStep === undefined) throw new ValidationError(issues);
  return { outcome: 'FulfillmentFailed', saga: { ...saga, failedStep } };
}

/** The correlation keys of a saga task's log lines: the order's flow. */
export function sagaCorrelation(saga: SagaState) {
  return { source: { correlationId: saga.correlationId }, orderId: saga.orderId };
}
