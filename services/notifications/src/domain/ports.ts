import type { LabelReference, NotifiedEventName, OrderSummary, Recipient } from './notification.ts';

/** The answer of the orders read interface's `GetOrderSummary`, as this context needs it. */
export type OrderSummaryAnswer =
  | { readonly found: true; readonly recipient: Recipient; readonly order: OrderSummary }
  | { readonly found: false };

/** Asks the owner of orders for the contact and summary of one order. */
export interface OrderSummaryReader {
  readOrderSummary(orderId: string): Promise<OrderSummaryAnswer>;
}

/** One e-mail to one customer. */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Labels for the mail provider's reporting (SES message tags), never personal data. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Hands an e-mail to the mail provider; resolves with the provider's message id. */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ readonly messageId: string }>;
}

/** One notice a customer gets about an order: its kind is the event it tells of. */
export interface Notice {
  readonly orderId: string;
  readonly kind: NotifiedEventName;
}

/**
 * Where a notice was claimed before it was sent: `SENDING` while the mail is being handed over,
 * `SENT` once the provider took it. A `SENDING` record left behind means an attempt was cut off
 * between the two steps: the mail may or may not have gone out.
 */
export type NoticeState = 'SENDING' | 'SENT';

/**
 * The notices already given, one per order and kind, whatever event or delivery asked for them:
 * the business fact the customer cares about, not the producer's idempotency key.
 */
export interface NoticeLedger {
  /** Claims the notice (atomically: one caller wins); answers `claimed`, or the state someone else left. */
  claim(notice: Notice, at: Date): Promise<'claimed' | NoticeState>;
  /** The provider took the mail. */
  markSent(notice: Notice, messageId: string, at: Date): Promise<void>;
  /** The provider refused the mail (it was not sent): let a retry claim the notice again. */
  release(notice: Notice): Promise<void>;
}

/**
 * Fulfillment's label documents, fetched by the reference `OrderShipped` carries (a claim
 * check): the event names the S3 object, its size and its SHA-256.
 */
export interface LabelDocuments {
  /**
   * Fetches the document and checks it against the reference: `intact`, `missing` (removed by
   * the bucket's lifecycle rule or by a compensation) or `altered` (not the bytes the event
   * names). Throws when the store cannot answer now, so the message is retried.
   */
  check(label: LabelReference): Promise<'intact' | 'missing' | 'altered'>;
  /** A link anyone holding it can download the document with, for `seconds`. */
  link(label: LabelReference, seconds: number): Promise<string>;
}
