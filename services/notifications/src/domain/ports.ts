import type { OrderSummary, Recipient } from './notification.ts';

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
