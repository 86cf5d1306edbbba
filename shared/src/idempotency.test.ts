import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdempotencyStore, DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS, makeEventIdempotent } from './idempotency.ts';
import { createInMemoryIdempotencyStore } from './testing.ts';

interface Envelope {
  metadata: { idempotencyKey: string; eventId: string };
  data: { orderId: string };
}

function envelope(idempotencyKey: string, eventId = `evt-${idempotencyKey}`): Envelope {
  return { metadata: { idempotencyKey, eventId }, data: { orderId: 'order-1' } };
}

function lambdaContext(remainingMillis: number): Context {
  return { getRemainingTimeInMillis: () => remainingMillis, functionName: 'reserve-stock' } as unknown as Context;
}

/** An in-memory store inside an invocation with a minute left, as a handler would set it up. */
function invocationStore(options: { expiresAfterSeconds?: number } = {}) {
  const store = createInMemoryIdempotencyStore(options);
  store.registerLambdaContext(lambdaContext(60_000));
  return store;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('makeEventIdempotent', () => {
  it('runs the use case once when the same event is delivered twice, and returns the stored result', async () => {
    const reserve = vi.fn(async (event: Envelope) => ({ reservationId: `res-${event.data.orderId}` }));
    const reserveOnce = makeEventIdempotent(reserve, invocationStore());

    const first = await reserveOnce(envelope('OrderPlaced:order-1'));
    const second = await reserveOnce(envelope('OrderPlaced:order-1'));

    expect(reserve).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
  });

  it('deduplicates on metadata.idempotencyKey, not on eventId (a re-published fact is the same work)', async () => {
    const reserve = vi.fn(async () => 'done');
    const reserveOnce = makeEventIdempotent(reserve, invocationStore());

    await reserveOnce(envelope('OrderPlaced:order-1', 'evt-a'));
    await reserveOnce(envelope('OrderPlaced:order-1', 'evt-b'));

    expect(reserve).toHaveBeenCalledTimes(1);
  });

  it('runs the use case again for another idempotency key', async () => {
    const reserve = vi.fn(async () => 'done');
    const reserveOnce = makeEventIdempotent(reserve, invocationStore());

    await reserveOnce(envelope('OrderPlaced:order-1'));
    await reserveOnce(envelope('OrderPlaced:order-2'));

    expect(reserve).toHaveBeenCalledTimes(2);
  });

  it('lets a retry run the use case again after it threw (the record is deleted)', async () => {
    const store = invocationStore();
    const reserve = vi.fn().mockRejectedValueOnce(new Error('DynamoDB throttled')).mockResolvedValueOnce('done');
    const reserveOnce = makeEventIdempotent(reserve as (event: Envelope) => Promise<string>, store);

    await expect(reserveOnce(envelope('OrderPlaced:order-1'))).rejects.toThrow('DynamoDB throttled');
    expect(store.persistenceStore.size).toBe(0);
    await expect(reserveOnce(envelope('OrderPlaced:order-1'))).resolves.toBe('done');
    expect(reserve).toHaveBeenCalledTimes(2);
  });

  it('rejects a concurrent duplicate while the first delivery is still in progress', async () => {
    let finish: (value: string) => void = () => undefined;
    const reserve = vi.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const reserveOnce = makeEventIdempotent(reserve, invocationStore());

    const first = reserveOnce(envelope('OrderPlaced:order-1'));
    await vi.waitFor(() => expect(reserve).toHaveBeenCalledTimes(1));
    await expect(reserveOnce(envelope('OrderPlaced:order-1'))).rejects.toThrow(IdempotencyAlreadyInProgressError);

    finish('done');
    await expect(first).resolves.toBe('done');
  });

  it('lets a retry take over from an invocation that timed out, once its remaining time has passed (registerLambdaContext)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T10:00:00Z'));
    const store = createInMemoryIdempotencyStore();
    const hangsThenWorks = vi.fn<(event: Envelope) => Promise<string>>();
    hangsThenWorks.mockImplementationOnce(() => new Promise(() => undefined)).mockResolvedValueOnce('done');
    const reserveOnce = makeEventIdempotent(hangsThenWorks, store);

    store.registerLambdaContext(lambdaContext(3_000));
    void reserveOnce(envelope('OrderPlaced:order-1'));
    await vi.waitFor(() => expect(hangsThenWorks).toHaveBeenCalledTimes(1));

    vi.setSystemTime(new Date('2026-11-24T10:00:04Z'));
    store.registerLambdaContext(lambdaContext(3_000));
    await expect(reserveOnce(envelope('OrderPlaced:order-1'))).resolves.toBe('done');
    expect(hangsThenWorks).toHaveBeenCalledTimes(2);
  });

  it('runs the use case again once the completed record has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T10:00:00Z'));
    const reserve = vi.fn(async () => 'done');
    const reserveOnce = makeEventIdempotent(reserve, invocationStore({ expiresAfterSeconds: 60 }));

    await reserveOnce(envelope('OrderPlaced:order-1'));
    vi.setSystemTime(new Date('2026-11-24T10:00:30Z'));
    await reserveOnce(envelope('OrderPlaced:order-1'));
    expect(reserve).toHaveBeenCalledTimes(1);

    vi.setSystemTime(new Date('2026-11-24T10:01:01Z'));
    await reserveOnce(envelope('OrderPlaced:order-1'));
    expect(reserve).toHaveBeenCalledTimes(2);
  });
});

describe('createIdempotencyStore', () => {
  it('keys on metadata.idempotencyKey and keeps records longer than the 30-day bus archive', () => {
    const store = createIdempotencyStore({ tableName: 'shop-inventory-idempotency-test' });

    expect(store.persistenceStore).toBeInstanceOf(DynamoDBPersistenceLayer);
    expect(store.config.eventKeyJmesPath).toBe('metadata.idempotencyKey');
    expect(store.config.throwOnNoIdempotencyKey).toBe(true);
    expect(store.config.expiresAfterSeconds).toBe(DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS);
    expect(DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS).toBeGreaterThan(30 * 24 * 60 * 60);
  });

  it('hands the Lambda context to the Powertools config', () => {
    const store = createIdempotencyStore({ tableName: 't', eventKeyJmesPath: 'idempotencyKey' });
    const context = lambdaContext(5_000);

    store.registerLambdaContext(context);

    expect(store.config.lambdaContext).toBe(context);
    expect(store.config.eventKeyJmesPath).toBe('idempotencyKey');
  });
});
