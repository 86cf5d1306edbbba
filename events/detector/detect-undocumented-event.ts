import { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent } from 'aws-lambda';
import { judgeEvent, undocumentedEventMetric } from './undocumented-events.ts';

const logger = new Logger({ serviceName: 'catalog' });

/**
 * The platform's undocumented-event detector: a catch-all rule on the shop bus invokes it with
 * every event. A documented event passes silently; any other is logged as an error with its
 * source, type and version, and counted as the `UndocumentedEvents` metric.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<{ documented: boolean }> => {
  const verdict = judgeEvent(event as Parameters<typeof judgeEvent>[0]);
  if (verdict.documented) return { documented: true };
  logger.error('Undocumented event on the bus', {
    source: verdict.source,
    detailType: verdict.detailType,
    version: verdict.version,
    eventId: event.id,
  });
  console.log(JSON.stringify(undocumentedEventMetric(verdict, new Date())));
  return { documented: false };
};
