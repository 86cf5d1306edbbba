import { DomainError, type ShopErrorOptions } from '@shop/shared/errors';

/**
 * The payment provider could not be reached or refused to work (an outage, a 5xx, a
 * throttle): nothing was charged or refunded. Retryable, and not the customer's fault, so it
 * is never turned into a decline. The consumer keeps the message on its queue with a growing
 * delay rather than spending its receives (see `adapters/outage-backoff.ts`).
 */
export class ProviderUnavailableError extends DomainError {
  override readonly name: string = 'ProviderUnavailableError';
  readonly retryable = true;
  /** The provider's own hint (an HTTP `Retry-After`), when it gave one: retry no sooner. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: ShopErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, 'PROVIDER_UNAVAILABLE', options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Narrows a caught error to {@link ProviderUnavailableError}. */
export function isProviderUnavailableError(error: unknown): error is ProviderUnavailableError {
  return error instanceof ProviderUnavailableError;
}

/**
 * The order's payment record kept changing under this delivery (every conditional write lost).
 * Retryable: the next delivery decides on a settled record.
 */
export class PaymentContentionError extends DomainError {
  override readonly name: string = 'PaymentContentionError';
  readonly retryable = true;

  constructor(orderId: string, options?: ShopErrorOptions) {
    super(`The payment record of order ${orderId} changed on every attempt to write it`, 'PAYMENT_CONTENTION', options);
  }
}
