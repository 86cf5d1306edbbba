import { createHash } from 'node:crypto';
import { ProviderUnavailableError } from '../domain/errors.ts';
import type { CaptureAnswer, CaptureRequest, PaymentProvider, RefundRequest } from '../domain/ports.ts';
import type { ProviderSettingsSource } from './dynamodb-provider-settings.ts';
import type { ProviderSettings } from './provider-settings.ts';

export interface SimulatedPaymentProviderOptions {
  settings: ProviderSettingsSource;
  /** Waits `ms`; inject an instant one in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/**
 * A stand-in for a card payment provider (Stripe, Adyen...), switchable at run time through
 * its settings item: up or in an outage, a decline rate, a latency, customers always declined.
 *
 * It behaves like a real provider in the one way that matters to payments: it is idempotent
 * on the request's key. Ids and decisions are derived from the key (a hash), not drawn at
 * random, so asking twice for one order's charge answers the same `paymentId` and the same
 * decline decision, and nothing can be charged twice. An outage fails before anything is
 * charged, as a connection refused or an HTTP 503 would.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  readonly #settings: ProviderSettingsSource;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: SimulatedPaymentProviderOptions) {
    this.#settings = options.settings;
    this.#sleep = options.sleep ?? sleepFor;
  }

  async capture(request: CaptureRequest): Promise<CaptureAnswer> {
    const settings = await this.#reach('capture', request.orderId);
    const digest = digestOf(request.idempotencyKey);
    // The first four bytes of the hash, as a fraction in [0, 1): the same per key, uniform across keys.
    const draw = digest.readUInt32BE(0) / 2 ** 32;
    if (settings.declineCustomerIds.includes(request.customerId) || draw < settings.declineRate) {
      return { outcome: 'DECLINED' };
    }
    return { outcome: 'CAPTURED', paymentId: `pay_${digest.toString('hex').slice(0, 24)}` };
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    await this.#reach('refund', request.orderId);
    return { refundId: `ref_${digestOf(request.idempotencyKey).toString('hex').slice(0, 24)}` };
  }

  async #reach(call: string, orderId: string): Promise<ProviderSettings> {
    const settings = await this.#settings.current();
    if (settings.latencyMs > 0) await this.#sleep(settings.latencyMs);
    if (settings.mode === 'outage') {
      throw new ProviderUnavailableError(
        `The payment provider is unavailable (simulated outage): ${call} of ${orderId}`,
      );
    }
    return settings;
  }
}
