import type { InventoryReservedV2, OrderCancelledV1 } from '@shop/events';
import { createInMemoryPublisher } from '@shop/shared/testing';
import type { ProviderSettingsSource } from '../src/adapters/dynamodb-provider-settings.ts';
import { InMemoryPaymentRepository } from '../src/adapters/in-memory-payment-repository.ts';
import { DEFAULT_PROVIDER_SETTINGS, type ProviderSettings } from '../src/adapters/provider-settings.ts';
import { SimulatedPaymentProvider } from '../src/adapters/simulated-payment-provider.ts';
import type { CaptureAnswer, CaptureRequest, PaymentProvider, RefundRequest } from '../src/domain/ports.ts';

/** The simulated provider with settings a test switches directly, and a log of every call that got through. */
export class TestProvider implements PaymentProvider {
  settings: ProviderSettings = { ...DEFAULT_PROVIDER_SETTINGS, declineCustomerIds: [] };
  readonly captures: CaptureRequest[] = [];
  readonly refunds: RefundRequest[] = [];
  readonly #beforeCaptureAnswers: Array<() => Promise<void>> = [];
  readonly #provider: SimulatedPaymentProvider;

  constructor() {
    const source: ProviderSettingsSource = { current: async () => structuredClone(this.settings) };
    this.#provider = new SimulatedPaymentProvider({ settings: source, sleep: async () => {} });
  }

  async capture(request: CaptureRequest): Promise<CaptureAnswer> {
    const answer = await this.#provider.capture(request);
    this.captures.push(request);
    await this.#beforeCaptureAnswers.shift()?.();
    return answer;
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    const answer = await this.#provider.refund(request);
    this.refunds.push(request);
    return answer;
  }

  /** Runs `interfere` after the next charge is taken and before its answer reaches the caller (once). */
  whileNextCaptureAnswers(interfere: () => Promise<void>): this {
    this.#beforeCaptureAnswers.push(interfere);
    return this;
  }

  outage(): this {
    this.settings.mode = 'outage';
    return this;
  }

  up(): this {
    this.settings.mode = 'up';
    return this;
  }
}

export const CUSTOMER_ID = 'cus-7d3e91b2';
export const NOW = new Date('2026-11-24T10:15:32.000Z');

/** The in-memory world the payments use cases run in. */
export function createTestWorld() {
  return {
    payments: new InMemoryPaymentRepository(),
    provider: new TestProvider(),
    publisher: createInMemoryPublisher(),
    clock: () => NOW,
  };
}

export type TestWorld = ReturnType<typeof createTestWorld>;

/** An InventoryReserved v2 envelope as the consumer receives it after schema validation. */
export function inventoryReserved(orderId: string, amount = 23751, customerId = CUSTOMER_ID): InventoryReservedV2 {
  return {
    metadata: {
      eventId: '5b2e7c94-1f3a-4d8e-b6c2-9a0d4e7f1c38',
      idempotencyKey: `InventoryReserved:${orderId}`,
      correlationId: `corr-${orderId}`,
      causationId: '8a6f0c3e-2d41-4b7a-9e15-3c7d2f9b4a61',
      version: 2,
      occurredAt: '2026-11-24T10:15:30.871Z',
    },
    data: { orderId, customerId, reservationId: `res-${orderId}`, total: { amount, currency: 'EUR' } },
  };
}

/** An OrderCancelled v1 envelope as the consumer receives it after schema validation. */
export function orderCancelled(
  orderId: string,
  reason: OrderCancelledV1['data']['reason'] = 'CUSTOMER_REQUEST',
): OrderCancelledV1 {
  return {
    metadata: {
      eventId: '0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f',
      idempotencyKey: `OrderCancelled:${orderId}`,
      correlationId: `corr-${orderId}`,
      causationId: 'req-cancel-1',
      version: 1,
      occurredAt: '2026-11-24T10:20:04.100Z',
    },
    data: { orderId, reason, previousStatus: 'PAID' },
  };
}
