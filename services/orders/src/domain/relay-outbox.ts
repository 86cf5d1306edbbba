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
 * The outbox relay (DESIGN §3.1): publishes the events whose first publish did not complete and
 * clears them. The grace period keeps it from racing the place-order handler that is still
 * publishing; racing anyway would only publish an event twice, with the same idempotency key,
 * which consumers absorb. One event failing does not stop the others; the next run retries it.
 */
export function createRelayOutbox(deps: RelayOutboxDependencies): () => Promise<RelayOutboxResult> {
  const maxEvents = deps.maxEventsPerRun ?? DEFAULT_MAX_EVENTS_PER_RUN;
  return async () => {
    const cutoff = new Date(deps.clock().getTime() - deps.graceSeconds * 1000).toISOString();
    const result: RelayOutboxResult = { published: 0, failed: 0 };
    for await (const { orderId, event } of deps.orders.listPendingEvents(cutoff)) {
      const eventId = event.detail.metadata.eventId;
      try {
        await deps.publisher.publish([event]);
        await deps.orders.clearPendingEvent(orderId, eventId);
        result.published += 1;
      } catch (error) {
        result.failed += 1;
        deps.log.warn('Outbox event still unpublished', {
          orderId,
          eventId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (result.published + result.failed >= maxEvents) {
        break;
      }
    }
    return result;
  };
}
