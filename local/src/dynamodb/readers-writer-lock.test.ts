import { describe, expect, it } from 'vitest';
import { ReadersWriterLock } from './readers-writer-lock.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadersWriterLock', () => {
  it('lets readers share the lock', async () => {
    const lock = new ReadersWriterLock();
    const first = await lock.acquireShared();
    const second = await lock.acquireShared();
    first();
    second();
  });

  it('keeps a writer out until every reader has released', async () => {
    const lock = new ReadersWriterLock();
    const reader = await lock.acquireShared();
    let writing = false;
    const writer = lock.acquireExclusive().then((release) => {
      writing = true;
      return release;
    });
    await settle();
    expect(writing).toBe(false);

    reader();
    (await writer)();
    expect(writing).toBe(true);
  });

  it('serves waiters in arrival order, so a queued writer is not overtaken by later readers', async () => {
    const lock = new ReadersWriterLock();
    const order: string[] = [];
    const firstReader = await lock.acquireShared();
    const writer = lock.acquireExclusive().then((release) => {
      order.push('writer');
      return release;
    });
    const lateReader = lock.acquireShared().then((release) => {
      order.push('late reader');
      return release;
    });
    await settle();
    expect(order).toEqual([]);

    firstReader();
    (await writer)();
    (await lateReader)();
    expect(order).toEqual(['writer', 'late reader']);
  });

  it('runs exclusive sections one at a time', async () => {
    const lock = new ReadersWriterLock();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        lock.withExclusive(async () => {
          inside += 1;
          most = Math.max(most, inside);
          await settle();
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
