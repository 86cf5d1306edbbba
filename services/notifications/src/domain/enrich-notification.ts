import { OrderSummaryUnavailableError } from './errors.ts';
import type { LabelLink, NotificationRequest, NotifiedEvent } from './notification.ts';
import type { LabelDocuments, OrderSummaryReader } from './ports.ts';

/** How long the customer's label link works. */
export const LABEL_LINK_HOURS = 24;

export interface EnrichNotificationDependencies {
  readonly orders: OrderSummaryReader;
  readonly labels: LabelDocuments;
}

/**
 * Content enrichment: the event says what happened to which order; the owner of orders says
 * who to tell and what they ordered. Asked at the moment of sending, so the e-mail shows the
 * order as it is now.
 *
 * A shipped order's label document is too large for the event, which carries only its reference
 * (a claim check): it is fetched here and checked against the reference, and the customer gets
 * a link to it. A document that is gone or altered does not hold the mail back: the mail goes
 * without the link.
 *
 * @throws OrderSummaryUnavailableError when orders does not know the order
 */
export function createEnrichNotification(deps: EnrichNotificationDependencies) {
  async function labelOf(event: NotifiedEvent): Promise<LabelLink | undefined> {
    if (event.eventName !== 'OrderShipped' || event.data.label === undefined) return undefined;
    const { label } = event.data;
    const state = await deps.labels.check(label);
    if (state !== 'intact') return { state };
    const url = await deps.labels.link(label, LABEL_LINK_HOURS * 3600);
    return { state: 'linked', url, validForHours: LABEL_LINK_HOURS, bytes: label.bytes };
  }

  return async function enrichNotification(event: NotifiedEvent): Promise<NotificationRequest> {
    const answer = await deps.orders.readOrderSummary(event.data.orderId);
    if (!answer.found) throw new OrderSummaryUnavailableError(event.data.orderId);
    const label = await labelOf(event);
    return { ...event, recipient: answer.recipient, order: answer.order, ...(label ? { label } : {}) };
  };
}
