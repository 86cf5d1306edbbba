import type { InventoryReservedV1 } from '@shop/events';
import { composeCapturePayment } from '../compose.ts';
import type { PaymentResult } from '../domain/payment-steps.ts';
import { createPaymentConsumer, type PaymentConsumerDependencies } from './payment-consumer.ts';

export interface CapturePaymentHandlerDependencies
  extends Omit<PaymentConsumerDependencies<InventoryReservedV1>, 'useCase'> {
  capturePaymentForOrder: (envelope: InventoryReservedV1) => Promise<PaymentResult>;
}

/**
 * Drains the payment queue (InventoryReserved, SQS event source with `ReportBatchItemFailures`):
 * each order is charged once. A record that meets a provider outage is reported failed and
 * waits on the queue with a growing delay; a schema-invalid record goes to the DLQ at once.
 */
export function createCapturePaymentHandler(deps: CapturePaymentHandlerDependencies) {
  return createPaymentConsumer('InventoryReserved', { ...deps, useCase: deps.capturePaymentForOrder });
}

export const handler = createCapturePaymentHandler(composeCapturePayment());
