/**
 * The local cloud's Amazon SES: `SendEmail` of SES API v2 (REST-JSON, `@aws-sdk/client-sesv2`)
 * and `SendEmail`/`SendRawEmail` of the classic API (query protocol, `aws ses send-email`).
 * Accepted messages are not delivered: they go to a persistent mailbox the console and the
 * tests read. See `README.md` for what is checked and what is left out.
 */

import type { EdgeService } from '../edge/types.ts';
import { Mailbox, type MailboxQuery, type MailMessage } from './mailbox.ts';
import { acceptMail, type OutgoingMail } from './outgoing-mail.ts';
import { handleSesQueryRequest, isSesQueryRequest } from './ses-query-api.ts';
import { handleSesV2Request, isSesV2Request } from './sesv2-api.ts';

export { type MailboxQuery, type MailMessage, mailboxAddress } from './mailbox.ts';
export type { OutgoingMail } from './outgoing-mail.ts';

export interface SesServiceOptions {
  /** The mailbox lives in `${dataDir}/ses.db`. */
  readonly dataDir: string;
  /** When a message is accepted; injectable for tests. */
  readonly clock?: () => Date;
  /** Called after each accepted message (the CLI can print "mail to ..."). */
  readonly onMessage?: (message: MailMessage) => void;
}

export interface SesService {
  readonly edge: EdgeService;
  /** Every accepted message, newest first; `to` narrows to what one address received. */
  listMailbox(query?: MailboxQuery): MailMessage[];
  getMessage(messageId: string): MailMessage | undefined;
  /** A message another AWS service sends on its own (Cognito's verification codes), into the same mailbox. */
  sendServiceMail(mail: { from: string; to: string; subject: string; text: string }): MailMessage;
  close(): void;
}

export function createSesService(options: SesServiceOptions): SesService {
  const mailbox = new Mailbox(options.dataDir);
  const send = (mail: OutgoingMail, api: MailMessage['api']): MailMessage => {
    const message = acceptMail(mail, api, options.clock?.() ?? new Date());
    mailbox.store(message);
    options.onMessage?.(message);
    return message;
  };
  return {
    edge: {
      name: 'ses',
      claims: (request) => isSesV2Request(request) || isSesQueryRequest(request),
      handle: (request) =>
        isSesV2Request(request) ? handleSesV2Request(request, send) : handleSesQueryRequest(request, send),
    },
    listMailbox: (query) => mailbox.list(query),
    getMessage: (messageId) => mailbox.get(messageId),
    sendServiceMail: (mail) =>
      send(
        {
          from: mail.from,
          to: [mail.to],
          cc: [],
          bcc: [],
          replyTo: [],
          subject: mail.subject,
          text: mail.text,
          html: undefined,
          raw: undefined,
          headers: [],
          tags: {},
          configurationSetName: undefined,
        },
        'ses',
      ),
    close: () => mailbox.close(),
  };
}

/** `?to=ada@example.com&limit=20` → a mailbox query, for the control API's `GET /__local/mailbox`. */
export function mailboxQueryOf(params: URLSearchParams): MailboxQuery {
  const to = params.get('to');
  const limit = Number(params.get('limit'));
  return {
    ...(to ? { to } : {}),
    ...(Number.isInteger(limit) && limit > 0 ? { limit } : {}),
  };
}
