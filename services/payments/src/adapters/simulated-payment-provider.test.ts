import { describe, expect, it } from 'vitest';
import { ProviderUnavailableError } from '../domain/errors.ts';
import { DEFAULT_PROVIDER_SETTINGS, type ProviderSettings } from './provider-settings.ts';
import { SimulatedPaymentProvider } from './simulated-payment-provider.ts';

const amount = { amount: 1999, currency: 'EUR' };

function providerWith(change: Partial<ProviderSettings> = {}) {
  const slept: number[] = [];
  const provider = new SimulatedPaymentProvider({
    settings: { current: async () => ({ ...DEFAULT_PROVIDER_SETTINGS, declineCustomerIds: [], ...change }) },
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  const capture = (orderId: string, customerId = 'cus-1') =>
    provider.capture({ idempotencyKey: `capture:${orderId}`, orderId, customerId, amount });
  return { provider, capture, slept };
}

describe('SimulatedPaymentProvider', () => {
  it('answers a repeated charge with the same payment id, as an idempotent provider does', async () => {
    const { capture } = providerWith();

    const first = await capture('ord-1');

    expect(first).toEqual({ outcome: 'CAPTURED', paymentId: expect.stringMatching(/^pay_[0-9a-f]{24}$/) });
    expect(await capture('ord-1')).toEqual(first);
    expect(await capture('ord-2')).not.toEqual(first);
  });

  it('always declines the customers on the decline list and no one else', async () => {
    const { capture } = providerWith({ declineCustomerIds: ['cus-declined'] });

    expect(await capture('ord-1', 'cus-declined')).toEqual({ outcome: 'DECLINED' });
    expect((await capture('ord-1', 'cus-fine')).outcome).toBe('CAPTURED');
  });

  it('declines about the configured share of orders, and every order when the rate is 1', async () => {
    const orders = Array.from({ length: 1000 }, (_, index) => `ord-${index}`);
    const declinedAt = async (declineRate: number) => {
      const { capture } = providerWith({ declineRate });
      const answers = await Promise.all(orders.map((orderId) => capture(orderId)));
      return answers.filter(({ outcome }) => outcome === 'DECLINED').length;
    };

    expect(await declinedAt(0)).toBe(0);
    expect(await declinedAt(0.3)).toBeGreaterThan(240);
    expect(await declinedAt(0.3)).toBeLessThan(360);
    expect(await declinedAt(1)).toBe(1000);
  });

  it('fails every call as unavailable during an outage, after its latency', async () => {
    const { provider, capture, slept } = providerWith({ mode: 'outage', latencyMs: 1500 });

    await expect(capture('ord-1')).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(
      provider.refund({ idempotencyKey: 'refund:ord-1', orderId: 'ord-1', paymentId: 'pay_1', amount }),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
    expect(slept).toEqual([1500, 1500]);
  });

  it('waits the configured latency before answering, and not at all by default', async () => {
    const slow = providerWith({ latencyMs: 250 });
    const fast = providerWith();

    await slow.capture('ord-1');
    await fast.capture('ord-1');

    expect(slow.slept).toEqual([250]);
    expect(fast.slept).toEqual([]);
  });

  it('answers a repeated refund with the same refund id', async () => {
    const { provider } = providerWith();
    const refund = () =>
      provider.refund({ idempotencyKey: 'refund:ord-1', orderId: 'ord-1', paymentId: 'pay_1', amount });

    expect(await refund()).toEqual(await refund());
  });
});
