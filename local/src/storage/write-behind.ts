/**
 * Writes gathered in memory and committed together a few milliseconds later, many in one
 * transaction, instead of one transaction (and one WAL append) each: the local cloud's logs,
 * metrics and trace are written many times per order. A store using it commits what is pending
 * before every read (`flush`), so readers always see every write.
 */
export class WriteBehind<T> {
  readonly #commit: (items: T[]) => void;
  readonly #maxPending: number;
  readonly #afterMs: number;
  #pending: T[] = [];
  #count = 0;
  #timer: NodeJS.Timeout | undefined;

  /** `commit` writes a batch; it runs once `maxPending` units are waiting, or `afterMs` after the first. */
  constructor(commit: (items: T[]) => void, limits: { maxPending: number; afterMs: number }) {
    this.#commit = commit;
    this.#maxPending = limits.maxPending;
    this.#afterMs = limits.afterMs;
  }

  /**
   * Adds an item counting `units` towards `maxPending` (a batch of lines counts each line). With
   * `mergeInto`, an item the last pending one can take (`mergeInto(last)` answers true) is not
   * added again.
   */
  add(item: T, units = 1, mergeInto?: (last: T) => boolean): void {
    const last = this.#pending.at(-1);
    if (last === undefined || mergeInto === undefined || !mergeInto(last)) this.#pending.push(item);
    this.#count += units;
    if (this.#count >= this.#maxPending) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#afterMs).unref();
  }

  /** Commits every pending item now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const items = this.#pending;
    this.#pending = [];
    this.#count = 0;
    this.#commit(items);
  }
}
