import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteBehind } from './write-behind.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('WriteBehind', () => {
  it('commits once the pending units reach the limit, in one batch, in order', () => {
    const commits: number[][] = [];
    const writes = new WriteBehind<number>((items) => commits.push(items), { maxPending: 3, afterMs: 1_000 });

    writes.add(1);
    writes.add(2);
    expect(commits).toEqual([]);
    writes.add(3);

    expect(commits).toEqual([[1, 2, 3]]);
  });

  it('commits what is pending when its delay runs out, and on flush', () => {
    vi.useFakeTimers();
    const commits: string[][] = [];
    const writes = new WriteBehind<string>((items) => commits.push(items), { maxPending: 100, afterMs: 20 });

    writes.add('a');
    vi.advanceTimersByTime(20);
    writes.add('b');
    writes.flush();
    writes.flush();

    expect(commits).toEqual([['a'], ['b']]);
  });

  it('lets the last pending item take a new one, counting its units', () => {
    const commits: Array<Array<{ key: string; lines: string[] }>> = [];
    const writes = new WriteBehind<{ key: string; lines: string[] }>((items) => commits.push(items), {
      maxPending: 4,
      afterMs: 1_000,
    });
    const add = (key: string, lines: string[]) =>
      writes.add({ key, lines }, lines.length, (last) => {
        if (last.key !== key) return false;
        last.lines.push(...lines);
        return true;
      });

    add('x', ['1']);
    add('x', ['2']);
    add('y', ['3', '4']);

    expect(commits).toEqual([
      [
        { key: 'x', lines: ['1', '2'] },
        { key: 'y', lines: ['3', '4'] },
      ],
    ]);
  });
});
