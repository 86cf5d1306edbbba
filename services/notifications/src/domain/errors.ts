/**
 * Orders does not know the order (yet). Retryable: every notified event comes from an order
 * orders has stored, so the answer should change; the message is redelivered, and after the
 * queue's `maxReceiveCount` it waits in the DLQ for an operator.
 */
export class OrderSummaryUnavailableError extends Error {
  override readonly name: string = 'OrderSummaryUnavailableError';
  readonly retryable = true;
  readonly orderId: string;

  constructor(orderId: string) {
    super(`orders has no summary for order ${orderId}`);
    this.orderId = orderId;
  }
}
