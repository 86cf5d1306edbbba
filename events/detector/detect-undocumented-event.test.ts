import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createDetectUndocumentedEventHandler } from './detect-undocumented-event.ts';

function emfLinesOf(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return run()
    .finally(() => spy.mockRestore())
    .then(() =>
      lines
        .flatMap((chunk) => chunk.split('\n'))
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
}

const detect = createDetectUndocumentedEventHandler({
  logger: new Logger({ serviceName: 'catalog', logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Shop/Catalog', serviceName: 'catalog' }),
});

const event = (detailType: string, version: unknown) =>
  ({
    id: 'e-1',
    source: 'shop.orders',
    'detail-type': detailType,
    detail: { metadata: { version } },
  }) as unknown as EventBridgeEvent<string, unknown>;

describe('the undocumented-event detector', () => {
  it('counts an undocumented event, in total and by its source, with Powertools Metrics', async () => {
    const lines = await emfLinesOf(() => detect(event('OrderGiftWrapped', 1)));

    expect(lines.map((line) => [line.service, line.source, line.UndocumentedEvents])).toEqual([
      ['catalog', undefined, 1],
      ['catalog', 'shop.orders', 1],
    ]);
    expect(lines[1]?._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: 'Shop/Catalog',
          Dimensions: [['service', 'source']],
          Metrics: [{ Name: 'UndocumentedEvents', Unit: 'Count' }],
        },
      ],
    });
  });

  it('counts nothing for a documented event', async () => {
    const lines = await emfLinesOf(() => detect(event('OrderPlaced', 1)));
    expect(lines).toEqual([]);
  });
});
