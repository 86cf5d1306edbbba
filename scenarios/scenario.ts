import type { ScenarioShop } from './shop.ts';

/**
 * One lesson of the shop, run against a running shop: it does what a person would, tells each
 * step as it happens, waits for outcomes by watching the order, and checks them. It answers the
 * verdict's one line, or throws what did not happen.
 */
export interface SharedCloudScenario {
  readonly name: string;
  /** One line: what it teaches. */
  readonly teaches: string;
  /** The docs page that explains it. */
  readonly page: string;
  run(shop: ScenarioShop, say: (line: string) => void): Promise<string>;
}

/** A lesson that needs a local cloud of its own (it kills it): the runner gives it none. */
export interface OwnCloudScenario {
  readonly name: string;
  readonly teaches: string;
  readonly page: string;
  readonly ownCloud: true;
  run(say: (line: string) => void): Promise<string>;
}

export type Scenario = SharedCloudScenario | OwnCloudScenario;

export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
}

export function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new ScenarioFailure(what);
}

/**
 * Asks `probe` until it answers something other than `undefined` (watching the shop, never
 * sleeping a fixed time for an outcome), and fails with `what` after `timeoutMs`. It asks every
 * 250 ms at first and less often as the wait grows (up to every 2 s), so a long wait does not
 * fill the order's trace with the scenario's own reads.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const pause = pauses();
  for (;;) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new ScenarioFailure(`${what} did not happen within ${timeoutMs / 1000} s`);
    await pause.next();
  }
}

/** Pauses of 250 ms growing by half each time up to 2 s; `reset` starts again from 250 ms. */
export function pauses(): { next(): Promise<void>; reset(): void } {
  let ms = 250;
  return {
    next: async () => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      ms = Math.min(2_000, Math.round(ms * 1.5));
    },
    reset: () => {
      ms = 250;
    },
  };
}
