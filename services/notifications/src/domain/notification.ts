/**
 * What the notifications context works with: the order events it tells customers about, and
 * the request to write one e-mail, which the enrichment completes with what the thin event
 * leaves out (who to write to, what they ordered). Contact details never travel on the bus:
 * they come only from the orders read interface, at this service's edge.
 */
import type { EventDetail } from '@shop/events';

/** The events a customer hears about, in the order of an order's life. */
export const NOTIFIED_EVENTS = [
  'OrderConfirmed',
  'OrderDelayed',
  'OrderShipped',
  'OrderCancelled',
  'PaymentRefunded',
] as const;

export type NotifiedEventName = (typeof NOTIFIED_EVENTS)[number];

export function isNotifiedEventName(name: unknown): name is NotifiedEventName {
  return typeof name === 'string' && (NOTIFIED_EVENTS as readonly string[]).includes(name);
}

/** One notified event: its envelope and its name (the envelope alone does not say which event it is). */
export type NotifiedEvent = {
  [N in NotifiedEventName]: { readonly eventName: N } & EventDetail<N>;
}[NotifiedEventName];

/** Who the e-mail is for, as the customer gave it when ordering. */
export interface Recipient {
  readonly email: string;
  readonly name?: string;
}

/** An amount in minor units of its ISO 4217 currency (6200 EUR is 62.00 EUR). */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** What the customer ordered, as orders discloses it for notifications. */
export interface OrderSummary {
  readonly orderId: string;
  readonly status: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>;
  readonly total: Money;
}

/** Where `OrderShipped` says its label document is kept (the claim check's reference). */
export type LabelReference = NonNullable<EventDetail<'OrderShipped'>['data']['label']>;

/**
 * The label document of a shipped order, as the enrichment found it: a download link when the
 * document is there and is the one the event names, otherwise why there is none.
 */
export type LabelLink =
  | { readonly state: 'linked'; readonly url: string; readonly validForHours: number; readonly bytes: number }
  | { readonly state: 'missing' | 'altered' };

/**
 * Everything needed to write one e-mail. The event's `metadata` stays at the top level: its
 * `idempotencyKey` is what makes sending happen once per event.
 */
export type NotificationRequest = NotifiedEvent & {
  readonly recipient: Recipient;
  readonly order: OrderSummary;
  /** For an `OrderShipped` that names a label document. */
  readonly label?: LabelLink;
};

/** A plain-text e-mail, ready to send. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
}

/**
 * Checks a notification request at the pipe target's edge (the enrichment's answer is input like
 * any other): the parts the target reads.
 */
export function isNotificationRequest(value: unknown): value is NotificationRequest {
  if (!isRecord(value)) return false;
  const { eventName, metadata, data, recipient, order } = value;
  return (
    isNotifiedEventName(eventName) &&
    isRecord(metadata) &&
    typeof metadata.idempotencyKey === 'string' &&
    typeof metadata.correlationId === 'string' &&
    isRecord(data) &&
    typeof data.orderId === 'string' &&
    isRecord(recipient) &&
    typeof recipient.email === 'string' &&
    isRecord(order) &&
    Array.isArray(order.lines)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
