import type { OrderCancelledV1 } from '@shop/events';
import { createPaymentConsumer, type PaymentConsumerDependencies } from '../adapters/payment-consumer.ts';
import { composeCancelPayment } from '../compose.ts';
import type { PaymentResult } from '../domain/payment-steps.ts';

export interface CancelPaymentHandlerDependencies
  extends Omit<PaymentConsumerDependencies<OrderCancelledV1>, 'useCase'> {
  cancelPaymentForOrder: (envelope: OrderCancelledV1) => Promise<PaymentResult>;
}

/**
 * Drains the compensation queue (OrderCancelled): refunds a captured payment, or records the
 * cancellation so the order is never charged. A refund that meets a provider outage waits on
 * the queue with the same growing delay as a capture.
 */
export function createCancelPaymentHandler(deps: CancelPaymentHandlerDependencies) {
  return createPaymentConsumer('OrderCancelled', { ...deps, useCase: deps.cancelPaymentForOrder });
}

export const handler = createCancelPaymentHandler(composeCancelPayment());
