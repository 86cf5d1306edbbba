import { OrderSummaryUnavailableError } from './errors.ts';
import type { NotificationRequest, NotifiedEvent } from './notification.ts';
import type { OrderSummaryReader } from './ports.ts';

export interface EnrichNotificationDependencies {
  readonly orders: OrderSummaryReader;
}

/**
 * Content enrichment (DESIGN §4): the event says what happened to which order; the owner of
 * orders says who to tell and what they ordered. Asked at the moment of sending, so the e-mail
 * shows the order as it is now.
 *
 * @throws OrderSummaryUnavailableError when orders does not know the order
 */
export function createEnrichNotification(deps: EnrichNotificationDependencies) {
  return async function enrichNotification(event: NotifiedEvent): Promise<NotificationRequest> {
    const answer = await deps.orders.readOrderSummary(event.data.orderId);
    if (!answer.found) throw new OrderSummaryUnavailableError(event.data.orderId);
    return { ...event, recipient: answer.recipient, order: answer.order };
  };
}
