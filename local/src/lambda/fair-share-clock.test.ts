import { describe, expect, it } from 'vitest';
import { FairShareClock } from './fair-share-clock.ts';

function clockOn(cores: number) {
  let now = 0;
  const clock = new FairShareClock(cores, () => now);
  return { clock, advance: (ms: number) => (now += ms) };
}

describe('FairShareClock', () => {
  it('runs at wall-clock speed while no more threads are runnable than there are cores', () => {
    const { clock, advance } = clockOn(2);
    const mark = clock.start();
    advance(1_000);

    expect(clock.elapsedSince(mark)).toBe(1_000);
  });

  it('gives each invocation its share of the cores when more are running, the local cloud’s thread counted', () => {
    const { clock, advance } = clockOn(2);
    const first = clock.start();
    for (let i = 0; i < 3; i++) clock.start();
    advance(1_000);

    // Four invocations and the local cloud's own thread on two cores: two fifths of a core each.
    expect(clock.elapsedSince(first)).toBeCloseTo(400, 6);
  });

  it('speeds up again as the others end, counting each stretch at the share it had', () => {
    const { clock, advance } = clockOn(2);
    const mark = clock.start();
    const others = [clock.start(), clock.start(), clock.start()];
    advance(500); // 5 runnable threads on 2 cores: 200 ms
    for (const _ of others) clock.end();
    advance(500); // alone: 500 ms

    expect(clock.elapsedSince(mark)).toBeCloseTo(700, 6);
    expect(clock.running).toBe(1);
  });

  it('measures an invocation only from its own start', () => {
    const { clock, advance } = clockOn(1);
    clock.start();
    advance(300); // 1 core, 2 runnable threads: 150 ms before the second starts
    const late = clock.start();
    advance(300); // 3 runnable threads: 100 ms

    expect(clock.elapsedSince(late)).toBeCloseTo(100, 6);
  });
});
