import type { OutgoingEvent } from '@shop/shared/envelope';
import type { EventPublisher } from '@shop/shared/publisher';
import type { DiagnosticLog, OrderRepository } from './ports.ts';

export interface PublishStoredEventsDependencies {
  orders: OrderRepository;
  publisher: EventPublisher;
  log: DiagnosticLog;
}

/**
 * Publishes events already stored in the order's outbox, then clears them (docs/architecture.md#the-outbox).
 *
 * A failed publish is not the caller's failure: the change is stored, so the events stay pending
 * and the relay publishes them once they are older than its grace period. Publishing twice is
 * harmless because an event keeps its idempotency key (`<EventName>:<orderId>`) and consumers
 * are idempotent on it.
 * @returns whether the events reached the bus now
 */
export async function publishStoredEvents(
  deps: PublishStoredEventsDependencies,
  orderId: string,
  events: readonly OutgoingEvent[],
): Promise<boolean> {
  if (events.length === 0) return true;
  // The order's trace shows both steps of the outbox: stored with the change, then published.
  const correlationId = events[0]?.detail.metadata.correlationId;
  deps.log.info('Order events stored in the outbox', {
    orderId,
    correlationId,
    events: events.map((event) => event.name),
  });
  try {
    await deps.publisher.publish(events);
    for (const event of events) {
      await deps.orders.clearPendingEvent(orderId, event.detail.metadata.eventId);
    }
    deps.log.info('Order events published and cleared from the outbox', {
      orderId,
      correlationId,
      events: events.map((event) => event.name),
    });
    return true;
  } catch (error) {
    // A clear that fails after the publish only means the relay publishes the event again.
    deps.log.warn('Order events left in the outbox for the relay', {
      orderId,
      events: events.map((event) => event.name),
      eventIds: events.map((event) => event.detail.metadata.eventId),
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
