import { DomainError, type ShopErrorOptions } from '@shop/shared/errors';

/**
 * The orders read interface does not know the order yet. Retryable: events may overtake the
 * data they announce (out-of-order delivery, docs/architecture.md#consumers), so the message goes back to the queue
 * and is read again after its visibility timeout rather than being dropped.
 */
export class OrderNotReadableYetError extends DomainError {
  override readonly name: string = 'OrderNotReadableYetError';
  readonly retryable = true;

  constructor(orderId: string, options?: ShopErrorOptions) {
    super(`Order ${orderId} is not readable from the orders read interface yet`, 'ORDER_NOT_READABLE_YET', options);
  }
}

/**
 * A reservation was refused, yet a fresh read shows enough stock for every line: stock moved
 * between the two reads (a concurrent reservation or a restock). Retryable: the next attempt
 * decides on settled numbers instead of reporting a shortfall that may not exist.
 */
export class StockContentionError extends DomainError {
  override readonly name: string = 'StockContentionError';
  readonly retryable = true;

  constructor(orderId: string, options?: ShopErrorOptions) {
    super(`Stock for order ${orderId} changed while it was being reserved`, 'STOCK_CONTENTION', options);
  }
}

/**
 * The order's reservation record kept changing while a cancellation was being applied to it (a
 * reservation and the cancellation written at the same moment, or two deliveries racing).
 * Retryable: the next attempt reads the settled record.
 */
export class ReservationChangedError extends DomainError {
  override readonly name: string = 'ReservationChangedError';
  readonly retryable = true;

  constructor(orderId: string, options?: ShopErrorOptions) {
    super(
      `The reservation of order ${orderId} changed while its cancellation was applied`,
      'RESERVATION_CHANGED',
      options,
    );
  }
}
