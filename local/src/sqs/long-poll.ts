/**
 * Parked long-poll receives, per queue. A ReceiveMessage with `WaitTimeSeconds` that finds
 * nothing parks here and is woken when something may have become receivable (a send, a
 * visibility change, a redrive into the queue) or when its own timer ends: no polling loop.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
 */
export class LongPollWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();
  #closed = false;

  /** Resolves on `notify(queueName)`, after `timeoutMs` (real time), on abort, or on `close()`. */
  wait(queueName: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed || signal?.aborted) {
        resolve();
        return;
      }
      let waiters = this.#waiting.get(queueName);
      if (!waiters) {
        waiters = new Set();
        this.#waiting.set(queueName, waiters);
      }
      const queueWaiters = waiters;
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        queueWaiters.delete(wake);
        if (queueWaiters.size === 0 && this.#waiting.get(queueName) === queueWaiters) this.#waiting.delete(queueName);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, Math.ceil(timeoutMs)));
      signal?.addEventListener('abort', wake, { once: true });
      queueWaiters.add(wake);
    });
  }

  notify(queueName: string): void {
    for (const wake of [...(this.#waiting.get(queueName) ?? [])]) wake();
  }

  /** How many receives are parked on the queue (for tests and the console). */
  waitingOn(queueName: string): number {
    return this.#waiting.get(queueName)?.size ?? 0;
  }

  close(): void {
    this.#closed = true;
    for (const queueName of [...this.#waiting.keys()]) this.notify(queueName);
  }
}
