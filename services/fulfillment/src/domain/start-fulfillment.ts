import type { EventDetail } from '@shop/events';
import type { SagaStarter } from './ports.ts';
import { executionNameFor, type SagaInput } from './saga.ts';

export interface StartFulfillmentDependencies {
  saga: SagaStarter;
}

/** What happened to the saga; Powertools stores it as the idempotent result. */
export interface StartFulfillmentResult {
  orderId: string;
  executionName: string;
  outcome: 'STARTED' | 'ALREADY_STARTED';
}

/**
 * Starts the fulfillment saga of a paid order: one Standard execution named after the order.
 * The name is the guarantee that a duplicate PaymentCaptured (SQS redelivery, an expired
 * idempotency record, an archive replay) never ships twice: Step Functions refuses a second
 * execution of the same name for 90 days, and `ALREADY_STARTED` is a success.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export function createStartFulfillment(deps: StartFulfillmentDependencies) {
  return async (envelope: EventDetail<'PaymentCaptured'>): Promise<StartFulfillmentResult> => {
    const { orderId, paymentId } = envelope.data;
    const input: SagaInput = {
      orderId,
      paymentId,
      correlationId: envelope.metadata.correlationId,
      causationId: envelope.metadata.eventId,
    };
    const executionName = executionNameFor(orderId);
    const outcome = await deps.saga.start(executionName, input);
    return { orderId, executionName, outcome };
  };
}
