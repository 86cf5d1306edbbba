/** Releases a lock obtained from {@link ReadersWriterLock}. Calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: (release: Release) => void;
}

/**
 * A fair (first come, first served) readers-writer lock for async code.
 *
 * Why: dynalite applies one item write atomically, but knows nothing of transactions. The
 * DynamoDB emulator runs every write (single-item, batch, transaction, TTL deletion) under
 * the exclusive side, so a `TransactWriteItems` is isolated from every other write, and
 * `GetItem`/`BatchGetItem`/`TransactGetItems` under the shared side, so those reads are
 * serializable with transactions as DynamoDB documents:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-isolation
 * Fairness keeps a steady stream of readers from starving a writer.
 */
export class ReadersWriterLock {
  #readers = 0;
  #writer = false;
  readonly #queue: Waiter[] = [];

  /** Waits until no writer holds or waits ahead, then shares the lock with other readers. */
  acquireShared(): Promise<Release> {
    return this.#enqueue(false);
  }

  /** Waits until nobody holds the lock, then holds it alone. */
  acquireExclusive(): Promise<Release> {
    return this.#enqueue(true);
  }

  /** Runs `work` holding the shared side. */
  async withShared<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquireShared();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Runs `work` holding the exclusive side. */
  async withExclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquireExclusive();
    try {
      return await work();
    } finally {
      release();
    }
  }

  #enqueue(exclusive: boolean): Promise<Release> {
    return new Promise((grant) => {
      this.#queue.push({ exclusive, grant });
      this.#drain();
    });
  }

  #drain(): void {
    for (;;) {
      const next = this.#queue[0];
      if (!next || this.#writer) return;
      if (next.exclusive) {
        if (this.#readers > 0) return;
        this.#queue.shift();
        this.#writer = true;
        next.grant(this.#releaser(true));
        return;
      }
      this.#queue.shift();
      this.#readers += 1;
      next.grant(this.#releaser(false));
    }
  }

  #releaser(exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.#writer = false;
      else this.#readers -= 1;
      this.#drain();
    };
  }
}
