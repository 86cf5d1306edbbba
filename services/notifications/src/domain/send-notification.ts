import type { NotificationRequest, NotifiedEventName } from './notification.ts';
import type { EmailSender } from './ports.ts';
import { renderEmail } from './render-email.ts';

export interface SendNotificationDependencies {
  readonly mailer: EmailSender;
  /** The verified sender address (`SENDER_EMAIL`). */
  readonly senderEmail: string;
}

/** What a sent notification leaves behind: plain data, no personal data (it is stored for deduplication). */
export interface NotificationSent {
  readonly messageId: string;
  readonly eventName: NotifiedEventName;
  readonly orderId: string;
}

/**
 * Writes and sends the e-mail for one event. Not idempotent by itself: the handler wraps it
 * with Powertools idempotency on the event's `metadata.idempotencyKey`, so a redelivered batch
 * never mails twice.
 */
export function createSendNotification(deps: SendNotificationDependencies) {
  return async function sendNotification(request: NotificationRequest): Promise<NotificationSent> {
    const { subject, text } = renderEmail(request);
    const { messageId } = await deps.mailer.send({
      from: deps.senderEmail,
      to: request.recipient.email,
      subject,
      text,
      tags: { event: request.eventName },
    });
    return { messageId, eventName: request.eventName, orderId: request.data.orderId };
  };
}
