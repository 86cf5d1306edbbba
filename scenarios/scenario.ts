import type { ScenarioShop } from './shop.ts';

/**
 * One lesson of the shop, run against a running shop: it does what a person would, tells each
 * step as it happens, waits for outcomes by watching the order, and checks them. It answers the
 * verdict's one line, or throws what did not happen.
 */
export interface Scenario {
  readonly name: string;
  /** One line: what it teaches. */
  readonly teaches: string;
  /** The docs page that explains it. */
  readonly page: string;
  run(shop: ScenarioShop, say: (line: string) => void): Promise<string>;
}

export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
}

export function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new ScenarioFailure(what);
}

/**
 * Asks `probe` until it answers something other than `undefined` (every 250 ms, watching the
 * shop, never sleeping a fixed time for an outcome), and fails with `what` after `timeoutMs`.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new ScenarioFailure(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
