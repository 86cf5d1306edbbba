import { DomainError, type ShopErrorOptions } from '@shop/shared/errors';

/**
 * An event speaks about an order this service has not stored. Retryable: events can overtake
 * the write they follow (out-of-order delivery, docs/architecture.md#consumers), so the message goes back to the queue
 * and is tried again after its visibility timeout instead of being dropped; one that never finds
 * its order ends in the dead-letter queue, where an operator sees it.
 */
export class OrderNotFoundYetError extends DomainError {
  override readonly name: string = 'OrderNotFoundYetError';
  readonly retryable = true;

  constructor(orderId: string, eventName: string, options?: ShopErrorOptions) {
    super(`${eventName} is about order ${orderId}, which is not stored (yet)`, 'ORDER_NOT_FOUND_YET', options);
  }
}

/**
 * The order kept changing under a change: every attempt read a revision someone else replaced
 * before it could save. Retryable: the next attempt decides on the order as it is then.
 */
export class ConcurrentOrderUpdateError extends DomainError {
  override readonly name: string = 'ConcurrentOrderUpdateError';
  readonly retryable = true;

  constructor(orderId: string, attempts: number, options?: ShopErrorOptions) {
    super(`Order ${orderId} changed concurrently ${attempts} times in a row`, 'ConcurrentOrderUpdateError', options);
  }
}
