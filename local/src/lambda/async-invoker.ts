import type { LambdaRuntime } from './lambda-runtime.ts';

export interface AsyncInvokeOptions {
  /** Lambda retries a failed asynchronous invocation twice by default (0..2). */
  readonly maximumRetryAttempts?: number;
  /** Called with the event when every attempt failed (an on-failure destination or DLQ). */
  readonly onFailure?: (event: unknown, error: { errorType: string; errorMessage: string }, attempts: number) => void;
}

/**
 * Lambda's asynchronous invocation: the event is queued, the function runs later, and a
 * function error is retried twice with a delay (about one minute, then two) before the event is
 * dropped or sent to the failure destination; throttles are retried with backoff.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 * The delays are configurable so the local cloud can shorten them for demos and tests.
 */
export class AsyncInvoker {
  readonly #runtime: LambdaRuntime;
  readonly #retryDelaysMs: readonly number[];
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  readonly #configOf: (functionName: string) => AsyncInvokeOptions;

  /** `configOf` gives a function's own asynchronous invocation config (retries, on-failure destination). */
  constructor(
    runtime: LambdaRuntime,
    retryDelaysMs: readonly number[] = [60_000, 120_000],
    configOf: (functionName: string) => AsyncInvokeOptions = () => ({}),
  ) {
    this.#runtime = runtime;
    this.#retryDelaysMs = retryDelaysMs;
    this.#configOf = configOf;
  }

  invokeAsync(functionName: string, event: unknown, options: AsyncInvokeOptions = this.#configOf(functionName)): void {
    const run = this.#attempt(functionName, event, options).finally(() => this.#inFlight.delete(run));
    this.#inFlight.add(run);
  }

  /** Waits for queued invocations to finish (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  close(): void {
    this.#closed = true;
  }

  async #attempt(functionName: string, event: unknown, options: AsyncInvokeOptions): Promise<void> {
    const retries = Math.min(options.maximumRetryAttempts ?? 2, 2);
    let throttles = 0;
    for (let attempt = 0; attempt <= retries; ) {
      if (this.#closed) return;
      const result = await this.#runtime.invoke(functionName, event).catch((error: unknown) => ({
        ok: false as const,
        requestId: '',
        errorType: 'ServiceException',
        errorMessage: error instanceof Error ? error.message : String(error),
        functionError: 'Unhandled' as const,
      }));
      if (result.ok) return;
      if (result.functionError === 'Throttled' && throttles < 10) {
        throttles++;
        await sleep(Math.min(1000 * 2 ** throttles, 60_000));
        continue;
      }
      if (attempt === retries) {
        options.onFailure?.(event, result, attempt + 1);
        return;
      }
      await sleep(this.#retryDelaysMs[attempt] ?? 60_000);
      attempt++;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
