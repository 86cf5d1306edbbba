import type { EventPublisher } from '@shop/shared/publisher';
import type { Clock, DiagnosticLog, OrderRepository } from './ports.ts';

export interface RelayOutboxDependencies {
  orders: OrderRepository;
  publisher: EventPublisher;
  clock: Clock;
  log: DiagnosticLog;
  /** How long a pending event is left to its own handler before the relay takes it over. */
  graceSeconds: number;
  /** At most this many events per run, so one run always ends well inside the function timeout. */
  maxEventsPerRun?: number;
}

export interface RelayOutboxResult {
  published: number;
  failed: number;
}

const DEFAULT_MAX_EVENTS_PER_RUN = 200;

/**
 * The outbox relay (docs/architecture.md#the-outbox): publishes the events whose first publish did not complete and
 * clears them. The grace period counts from each event's own `occurredAt` (the moment it was
 * stored with its change), which keeps the relay from racing the handler that is still
 * publishing it; racing anyway would only publish an event twice, with the same idempotency key,
 * which consumers absorb. An order's events go out in the order they were stored: when one fails,
 * the order's later ones wait for the next run. Other orders' events are not held up.
 */
export function createRelayOutbox(deps: RelayOutboxDependencies): () => Promise<RelayOutboxResult> {
  const maxEvents = deps.maxEventsPerRun ?? DEFAULT_MAX_EVENTS_PER_RUN;
  return async () => {
    const cutoff = new Date(deps.clock().getTime() - deps.graceSeconds * 1000).toISOString();
    const result: RelayOutboxResult = { published: 0, failed: 0 };
    const blockedOrders = new Set<string>();
    for await (const { orderId, event } of deps.orders.listPendingEvents(cutoff)) {
      const eventId = event.detail.metadata.eventId;
      if (blockedOrders.has(orderId)) {
        result.failed += 1;
      } else {
        try {
          await deps.publisher.publish([event]);
          await deps.orders.clearPendingEvent(orderId, eventId);
          result.published += 1;
          deps.log.info('Outbox event published by the relay', {
            orderId,
            correlationId: event.detail.metadata.correlationId,
            eventId,
            event: event.name,
          });
        } catch (error) {
          result.failed += 1;
          blockedOrders.add(orderId);
          deps.log.warn('Outbox event still unpublished', {
            orderId,
            eventId,
            event: event.name,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      if (result.published + result.failed >= maxEvents) {
        break;
      }
    }
    return result;
  };
}
