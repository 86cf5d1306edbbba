import type { InventoryReservedV2 } from '@shop/events';
import { createPaymentConsumer, type PaymentConsumerDependencies } from '../adapters/payment-consumer.ts';
import { composeCapturePayment } from '../compose.ts';
import type { WaitingPayment } from '../domain/notice-payment-delay.ts';
import type { PaymentResult } from '../domain/payment-steps.ts';

export interface CapturePaymentHandlerDependencies
  extends Omit<PaymentConsumerDependencies<InventoryReservedV2>, 'useCase' | 'versions'> {
  capturePaymentForOrder: (envelope: InventoryReservedV2) => Promise<PaymentResult>;
  /** Tells once per order that its payment waits for the provider (`PaymentDelayed`), when due. */
  noticePaymentDelay: (waiting: WaitingPayment) => Promise<unknown>;
}

/**
 * Drains the payment queue (InventoryReserved, SQS event source with `ReportBatchItemFailures`):
 * each order is charged once. A record that meets a provider outage is reported failed and
 * waits on the queue with a growing delay, and once it has waited `DELAY_NOTICE_SECONDS` since
 * its first receive, `PaymentDelayed` tells (once) that the order waits; a schema-invalid record
 * goes to the DLQ at once.
 */
export function createCapturePaymentHandler(deps: CapturePaymentHandlerDependencies) {
  const { capturePaymentForOrder, noticePaymentDelay, ...consumer } = deps;
  return createPaymentConsumer('InventoryReserved', {
    ...consumer,
    // Payments reads v2 only (its rule routes nothing else): the consumer parks any other version.
    versions: [2],
    useCase: capturePaymentForOrder,
    onWaiting: noticePaymentDelay,
  });
}

export const handler = createCapturePaymentHandler(composeCapturePayment());
