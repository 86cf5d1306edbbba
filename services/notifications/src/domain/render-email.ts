/**
 * The e-mails, one template per event. Plain text on purpose: it renders everywhere, it is
 * what the local mailbox shows, and a template is a pure function a test can read.
 */
import { formatMoney } from './money.ts';
import type { NotificationRequest, OrderSummary, Recipient, RenderedEmail } from './notification.ts';

type Request<N extends NotificationRequest['eventName']> = Extract<NotificationRequest, { eventName: N }>;
type CancellationReason = Request<'OrderCancelled'>['data']['reason'];
type DelayReason = Request<'OrderDelayed'>['data']['reason'];

/** Why an order was cancelled, in the customer's words. */
const CANCELLATION_REASONS: Readonly<Record<CancellationReason, string>> = {
  OUT_OF_STOCK: 'some of the items you ordered are out of stock',
  UNKNOWN_SKU: 'one of the items you ordered is no longer sold',
  PAYMENT_DECLINED: 'your payment was declined',
  FULFILLMENT_FAILED: 'we could not get your parcel ready for shipping',
  CUSTOMER_REQUEST: 'you asked us to cancel it',
};

/** What the order waits for, in the customer's words. */
const DELAY_REASONS: Readonly<Record<DelayReason, string>> = {
  PAYMENT_PROVIDER_UNAVAILABLE: 'your payment is waiting on our payment provider, which is not answering at the moment',
};

const SIGNATURE = 'The shop';

export function renderEmail(request: NotificationRequest): RenderedEmail {
  switch (request.eventName) {
    case 'OrderConfirmed':
      return renderOrderConfirmed(request);
    case 'OrderDelayed':
      return renderOrderDelayed(request);
    case 'OrderShipped':
      return renderOrderShipped(request);
    case 'OrderCancelled':
      return renderOrderCancelled(request);
    case 'PaymentRefunded':
      return renderPaymentRefunded(request);
  }
}

function renderOrderConfirmed(request: Request<'OrderConfirmed'>): RenderedEmail {
  const { orderId, total } = request.data;
  return {
    subject: `Your order ${orderId} is confirmed`,
    text: letter(request.recipient, [
      `thank you for your order. We received your payment of ${formatMoney(total)} and are getting your parcel ready.`,
      orderLines(request.order),
      'We will write again when it ships.',
    ]),
  };
}

// Sent while the order waits (DELAYED): the payment is queued, not failed, so the customer is
// reassured and asked for nothing. Once the provider is back, orders confirms the order as usual.
function renderOrderDelayed(request: Request<'OrderDelayed'>): RenderedEmail {
  const { orderId, reason } = request.data;
  return {
    subject: `Your order ${orderId} is delayed`,
    text: letter(request.recipient, [
      `your order ${orderId} is taking a little longer than usual: ${DELAY_REASONS[reason]}.`,
      'Nothing is lost: your order is safe with us, and the payment will go through as soon as the provider is back. There is nothing you need to do.',
      orderLines(request.order),
      'We will write again once your payment has gone through, and when your order ships.',
    ]),
  };
}

function renderOrderShipped(request: Request<'OrderShipped'>): RenderedEmail {
  const { orderId, carrier, trackingNumber } = request.data;
  const label = request.label?.state === 'linked' ? request.label : undefined;
  return {
    subject: `Your order ${orderId} has shipped`,
    text: letter(request.recipient, [
      `your parcel is on its way with ${carrier}.`,
      `Tracking number: ${trackingNumber}`,
      ...(label
        ? [
            `Your parcel's shipping label (${Math.max(1, Math.round(label.bytes / 1024))} KB, for your records or a return), downloadable for ${label.validForHours} hours: ${label.url}`,
          ]
        : []),
      orderLines(request.order),
    ]),
  };
}

function renderOrderCancelled(request: Request<'OrderCancelled'>): RenderedEmail {
  const { orderId, reason, previousStatus } = request.data;
  // Only what is certain when the order is cancelled: a PAID order was charged. Before that, a
  // charge may still have been under way at the provider (payments refunds it then), so the
  // letter does not promise "never charged"; the refund, if any, gets its own letter.
  const money =
    previousStatus === 'PAID'
      ? `You were charged ${formatMoney(request.order.total)} for it: we are refunding it in full and will write again when the refund is done.`
      : 'We had not taken any payment for it when it was cancelled. If a payment was already under way, it will be refunded in full, and we will write to you when it is.';
  return {
    subject: `Your order ${orderId} is cancelled`,
    text: letter(request.recipient, [
      `we are sorry: your order ${orderId} is cancelled because ${CANCELLATION_REASONS[reason]}.`,
      money,
      orderLines(request.order),
    ]),
  };
}

// The money side of a cancellation, told when it has happened: payments refunded a capture.
function renderPaymentRefunded(request: Request<'PaymentRefunded'>): RenderedEmail {
  const { orderId, amount } = request.data;
  return {
    subject: `Your payment for order ${orderId} is refunded`,
    text: letter(request.recipient, [
      `we have refunded the ${formatMoney(amount)} you paid for order ${orderId}, in full, to the card you paid with.`,
      'Depending on your bank, it can take a few days to show on your statement.',
      orderLines(request.order),
    ]),
  };
}

function letter(recipient: Recipient, paragraphs: readonly string[]): string {
  const greeting = recipient.name ? `Hello ${recipient.name},` : 'Hello,';
  return `${[greeting, ...paragraphs, `-- \n${SIGNATURE}`].join('\n\n')}\n`;
}

function orderLines(order: OrderSummary): string {
  const lines = order.lines.map((line) => `  ${line.quantity} x ${line.sku}`);
  return [`Order ${order.orderId}:`, ...lines, `Total: ${formatMoney(order.total)}`].join('\n');
}
