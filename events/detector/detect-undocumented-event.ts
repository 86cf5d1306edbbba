import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { judgeEvent } from './undocumented-events.ts';

export interface DetectorDependencies {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The platform's undocumented-event detector: a catch-all rule on the shop bus invokes it with
 * every event. A documented event passes silently; any other (a retired version included) is
 * logged as an error with its
 * source, type and version, and counted as `UndocumentedEvents` (Powertools Metrics, namespace
 * `Shop/Catalog`): once with the `service` dimension, which the platform's alarm watches, and
 * once more by `source`, which tells whose producer broke the contract.
 */
export function createDetectUndocumentedEventHandler({ logger, metrics }: DetectorDependencies) {
  return async (event: EventBridgeEvent<string, unknown>): Promise<{ documented: boolean }> => {
    const verdict = judgeEvent(event as Parameters<typeof judgeEvent>[0]);
    if (verdict.documented) return { documented: true };
    logger.error(verdict.retired ? 'Retired event version on the bus' : 'Undocumented event on the bus', {
      source: verdict.source,
      detailType: verdict.detailType,
      version: verdict.version,
      eventId: event?.id,
    });
    metrics.singleMetric().addMetric('UndocumentedEvents', MetricUnit.Count, 1);
    const bySource = metrics.singleMetric();
    bySource.addDimension('source', verdict.source || 'unknown');
    bySource.addMetric('UndocumentedEvents', MetricUnit.Count, 1);
    return { documented: false };
  };
}

export const handler = createDetectUndocumentedEventHandler({
  logger: new Logger({ serviceName: 'catalog' }),
  metrics: new Metrics({ namespace: 'Shop/Catalog', serviceName: 'catalog' }),
});
