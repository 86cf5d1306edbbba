import { eventCatalog } from '@shop/events';
import { describe, expect, it } from 'vitest';
import { judgeEvent } from './undocumented-events.ts';

describe('judgeEvent', () => {
  it('accepts every cataloged example of a version that is not retired', () => {
    for (const entry of eventCatalog.filter((e) => e.status !== 'retired')) {
      for (const example of entry.examples)
        expect(judgeEvent(example as never), entry.name).toEqual({ documented: true });
    }
  });

  it('flags an event type the catalog does not know', () => {
    expect(
      judgeEvent({ source: 'shop.orders', 'detail-type': 'OrderGiftWrapped', detail: { metadata: { version: 1 } } }),
    ).toEqual({
      documented: false,
      source: 'shop.orders',
      detailType: 'OrderGiftWrapped',
      version: '1',
    });
  });

  it('flags a version of a known event that nobody cataloged', () => {
    expect(
      judgeEvent({ source: 'shop.orders', 'detail-type': 'OrderPlaced', detail: { metadata: { version: 9 } } }),
    ).toMatchObject({
      documented: false,
      version: '9',
    });
  });

  it('flags a retired version: a producer still publishes what nobody reads (InventoryReserved v1)', () => {
    expect(
      judgeEvent({
        source: 'shop.inventory',
        'detail-type': 'InventoryReserved',
        detail: { metadata: { version: 1 } },
      }),
    ).toEqual({
      documented: false,
      source: 'shop.inventory',
      detailType: 'InventoryReserved',
      version: '1',
      retired: true,
    });
  });

  it('flags an event without an envelope version', () => {
    expect(judgeEvent({ source: 'shop.orders', 'detail-type': 'OrderPlaced', detail: {} })).toMatchObject({
      documented: false,
      version: 'none',
    });
  });
});
