import { EventValidationError } from '@shop/shared/errors';
import { parseEventBridgeEvent } from '@shop/shared/validate-event';
import { isNotifiedEventName, NOTIFIED_EVENTS, type NotifiedEvent } from '../domain/notification.ts';

/**
 * An SQS body as the notifications rule delivered it: an EventBridge event of one of the
 * notified types, validated against the catalog schema of its version.
 *
 * @throws EventValidationError for anything else (not retryable: the same bytes fail again)
 */
export function parseNotifiedEvent(body: string): NotifiedEvent {
  const eventName = detailTypeOf(body);
  if (!isNotifiedEventName(eventName)) {
    throw new EventValidationError(undefined, [
      `detail-type: must be one of ${NOTIFIED_EVENTS.join(', ')}, got ${JSON.stringify(eventName)}`,
    ]);
  }
  // parseEventBridgeEvent checks detail-type equals eventName, so the pair below is consistent.
  return { eventName, ...parseEventBridgeEvent(eventName, body) } as NotifiedEvent;
}

function detailTypeOf(body: string): unknown {
  try {
    const event = JSON.parse(body) as { 'detail-type'?: unknown } | null;
    return event?.['detail-type'];
  } catch {
    return undefined;
  }
}
