import { createStepFunctionsTask, type StepFunctionsTaskHandler } from '@shop/shared/step-functions-task';
import type { SagaTasks } from '../compose-saga.ts';
import { parseSagaState, sagaCorrelation } from './saga-payload.ts';

/** Forward steps and compensations need only the order id from the saga state. */
function parseOrder(payload: unknown) {
  const saga = parseSagaState(payload);
  return { request: { orderId: saga.orderId }, correlation: sagaCorrelation(saga) };
}

/**
 * The Lambda handlers of the saga's steps and compensations, one per `lambda:invoke` state.
 * Each deployed function exports one of them (`handler = createSagaTaskHandlers(tasks).bookCarrier`).
 */
export function createSagaTaskHandlers(tasks: SagaTasks) {
  const { logger } = tasks;
  const task = <R>(name: string, run: (request: { orderId: string }) => Promise<R>): StepFunctionsTaskHandler<R> =>
    createStepFunctionsTask({ name, logger, parse: parseOrder, run });
  return {
    allocateStock: task('allocateStock', tasks.allocateStock),
    bookCarrier: task('bookCarrier', tasks.bookCarrier),
    createLabel: task('createLabel', tasks.createLabel),
    voidLabel: task('voidLabel', tasks.voidLabel),
    cancelCarrierBooking: task('cancelCarrierBooking', tasks.cancelCarrierBooking),
    releaseAllocation: task('releaseAllocation', tasks.releaseAllocation),
  };
}
