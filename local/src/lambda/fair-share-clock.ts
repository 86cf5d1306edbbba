/**
 * The clock a function's timeout is measured on. On AWS every execution environment has its own
 * share of a CPU (proportional to its memory), so a function that needs 300 ms needs 300 ms
 * however many others run beside it. On a laptop every environment is a thread of one process
 * on a few cores: with twenty invocations running on two cores each gets a tenth of a core,
 * and the same 300 ms of work takes three seconds of wall-clock time. Measured on the wall
 * clock, that contention would surface as `Task timed out` errors AWS would never raise, and
 * a timed-out batch waits out its queue's visibility timeout.
 *
 * So an invocation's time advances at its share of the machine: at full speed while no more
 * threads are runnable than there are cores, at `cores / runnable` while more are. The local
 * cloud's own thread (the emulated services every call goes through) counts as one runnable
 * thread. A function that really runs too long still times out, alone at exactly its timeout,
 * under contention later by at most the contention factor.
 */
export class FairShareClock {
  readonly #cores: number;
  readonly #now: () => number;
  #running = 0;
  #time = 0;
  #lastReal: number;

  constructor(cores: number, now: () => number = () => performance.now()) {
    this.#cores = Math.max(1, cores);
    this.#now = now;
    this.#lastReal = now();
  }

  /** How many invocations are running now. */
  get running(): number {
    return this.#running;
  }

  /** The share of a core each running invocation has now (1 when none are starved). */
  share(): number {
    return Math.min(1, this.#cores / (this.#running + 1));
  }

  /** An invocation starts running; the mark it gets measures its time. */
  start(): number {
    this.#advance();
    this.#running++;
    return this.#time;
  }

  /** An invocation stops running (it returned, failed, timed out or was stopped). */
  end(): void {
    this.#advance();
    this.#running = Math.max(0, this.#running - 1);
  }

  /** The time an invocation started at `mark` has had, in milliseconds. */
  elapsedSince(mark: number): number {
    this.#advance();
    return this.#time - mark;
  }

  #advance(): void {
    const now = this.#now();
    this.#time += (now - this.#lastReal) * this.share();
    this.#lastReal = now;
  }
}
