import { describe, expect, it } from 'vitest';
import { AsyncInvoker } from './async-invoker.ts';
import type { InvokeResult, LambdaRuntime } from './lambda-runtime.ts';

function runtimeAnswering(answers: InvokeResult[]): { runtime: LambdaRuntime; calls: () => number } {
  let calls = 0;
  const runtime = {
    invoke: async () => answers[Math.min(calls++, answers.length - 1)] as InvokeResult,
  } as unknown as LambdaRuntime;
  return { runtime, calls: () => calls };
}

const failure: InvokeResult = {
  ok: false,
  requestId: 'r',
  errorType: 'Error',
  errorMessage: 'boom',
  functionError: 'Unhandled',
};

describe('AsyncInvoker', () => {
  it('retries a failed asynchronous invocation twice, then hands the event to the on-failure destination', async () => {
    const { runtime, calls } = runtimeAnswering([failure]);
    const failed: Array<{ event: unknown; attempts: number }> = [];
    const invoker = new AsyncInvoker(runtime, [1, 1], () => ({
      onFailure: (event, _error, attempts) => failed.push({ event, attempts }),
    }));

    invoker.invokeAsync('fn', { id: 1 });
    await invoker.drain();

    expect(calls()).toBe(3);
    expect(failed).toEqual([{ event: { id: 1 }, attempts: 3 }]);
  });

  it('honours a function’s MaximumRetryAttempts of zero', async () => {
    const { runtime, calls } = runtimeAnswering([failure]);
    const invoker = new AsyncInvoker(runtime, [1, 1], () => ({ maximumRetryAttempts: 0 }));

    invoker.invokeAsync('fn', {});
    await invoker.drain();

    expect(calls()).toBe(1);
  });

  it('stops retrying once an attempt succeeds', async () => {
    const { runtime, calls } = runtimeAnswering([failure, { ok: true, requestId: 'r', payload: null }]);
    const failed: unknown[] = [];
    const invoker = new AsyncInvoker(runtime, [1, 1], () => ({ onFailure: (event) => failed.push(event) }));

    invoker.invokeAsync('fn', {});
    await invoker.drain();

    expect(calls()).toBe(2);
    expect(failed).toEqual([]);
  });
});
