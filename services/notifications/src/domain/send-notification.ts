import type { NotificationRequest, NotifiedEventName } from './notification.ts';
import type { EmailSender, NoticeLedger } from './ports.ts';
import { renderEmail } from './render-email.ts';

export interface SendNotificationDependencies {
  readonly mailer: EmailSender;
  readonly ledger: NoticeLedger;
  /** The verified sender address (`SENDER_EMAIL`). */
  readonly senderEmail: string;
  readonly clock?: () => Date;
}

/**
 * What came of one notification; plain data, no personal data (Powertools stores it).
 * - `sent`: the mail went out now;
 * - `already-sent`: this notice was given before (another delivery, a replay, a re-published event);
 * - `unconfirmed`: an earlier attempt claimed the notice and was cut off before the provider's
 *   answer was recorded. The mail may have gone out: it is not sent again (at most once).
 */
export interface NotificationSent {
  readonly outcome: 'sent' | 'already-sent' | 'unconfirmed';
  readonly messageId?: string;
  readonly eventName: NotifiedEventName;
  readonly orderId: string;
}

/**
 * Writes and sends the e-mail for one event, **at most once per order and kind of notice**: the
 * notice is claimed in the ledger first, then sent, then marked sent. Deduplicating on the
 * business fact (order + kind), not on the event's idempotency key, means a redelivery, an archive
 * replay or the same fact re-published under a new key never mails the customer twice.
 *
 * The crash window between sending and recording is settled towards at most once: a mail the
 * provider refused releases the claim (a retry sends it), but an attempt cut off after the claim
 * (a timeout, a crash, a failed write of `SENT`) leaves the claim `SENDING`, and no later attempt
 * sends again. A duplicate is what a customer notices and cannot undo; a notice possibly lost in
 * that window is visible (`unconfirmed`, logged as an error with the order) for an operator to check.
 */
export function createSendNotification(deps: SendNotificationDependencies) {
  const now = deps.clock ?? (() => new Date());
  return async function sendNotification(request: NotificationRequest): Promise<NotificationSent> {
    const { eventName } = request;
    const { orderId } = request.data;
    const notice = { orderId, kind: eventName };
    const claim = await deps.ledger.claim(notice, now());
    if (claim !== 'claimed') return { outcome: claim === 'SENT' ? 'already-sent' : 'unconfirmed', eventName, orderId };
    const { subject, text } = renderEmail(request);
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({
        from: deps.senderEmail,
        to: request.recipient.email,
        subject,
        text,
        tags: { event: eventName },
      }));
    } catch (error) {
      await deps.ledger.release(notice);
      throw error;
    }
    await deps.ledger.markSent(notice, messageId, now());
    return { outcome: 'sent', messageId, eventName, orderId };
  };
}
