/**
 * What both SES APIs accept before a message is sent: sender, recipients, content. The rules
 * checked are the ones that would make SES refuse a message anywhere (no recipient, more than
 * 50 recipients, an address without `@domain`, no subject or body); identity verification, the
 * sandbox and sending quotas are account settings the local cloud does not have.
 * https://docs.aws.amazon.com/ses/latest/dg/quotas.html ("50 recipients per message")
 */

import { randomUUID } from 'node:crypto';
import { AwsError } from '../edge/aws-error.ts';
import { type MailMessage, mailboxAddress } from './mailbox.ts';

/** A message as a SendEmail request describes it, before SES accepts it. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly raw: string | undefined;
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly tags: Readonly<Record<string, string>>;
  readonly configurationSetName: string | undefined;
}

/** The recipients of one message, To + Cc + Bcc together. */
export const MAX_RECIPIENTS = 50;

/** The codes each API uses for a refused request. */
export interface ErrorCodes {
  /** A malformed or incomplete request (v2 `BadRequestException`, v1 `InvalidParameterValue`). */
  readonly invalid: string;
  /** A message SES will not send (both: `MessageRejected`). */
  readonly rejected: string;
}

/** Checks what SES checks of every message; throws `AwsError` with the API's codes. */
export function checkOutgoingMail(mail: OutgoingMail, codes: ErrorCodes): void {
  const recipients = [...mail.to, ...mail.cc, ...mail.bcc];
  if (recipients.length === 0) throw new AwsError(codes.invalid, 'Missing required header: there are no recipients.');
  if (recipients.length > MAX_RECIPIENTS) {
    throw new AwsError(codes.invalid, `Recipient count exceeds ${MAX_RECIPIENTS}.`);
  }
  if (mail.from.trim() === '') throw new AwsError(codes.invalid, 'Missing required header: From.');
  for (const address of [mail.from, ...recipients, ...mail.replyTo]) {
    if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(mailboxAddress(address))) {
      throw new AwsError(codes.invalid, `Illegal address: ${address}`);
    }
  }
  if (mail.raw === undefined && mail.text === undefined && mail.html === undefined) {
    throw new AwsError(codes.rejected, 'Message body must not be empty: give a Text or Html body.');
  }
}

/** Accepts the message: gives it an SES-shaped `MessageId` and the time it was sent. */
export function acceptMail(mail: OutgoingMail, api: MailMessage['api'], now: Date): MailMessage {
  // SES ids look like `010001…-uuid-000000`: a time-ordered prefix, a unique part, a suffix.
  const messageId = `${now.getTime().toString(16).padStart(16, '0')}-${randomUUID()}-000000`;
  return { messageId, sentAt: now.toISOString(), api, ...mail };
}

/**
 * The headers and text of a raw MIME message, enough for the mailbox: folded header lines are
 * unfolded, the body is everything after the first empty line (multipart bodies stay as sent).
 */
export function parseRawMessage(raw: string): { headers: Array<{ name: string; value: string }>; body: string } {
  const separator = /\r?\n\r?\n/.exec(raw);
  const head = separator ? raw.slice(0, separator.index) : raw;
  const body = separator ? raw.slice(separator.index + separator[0].length) : '';
  const headers: Array<{ name: string; value: string }> = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  return { headers, body };
}

/** A header's addresses: `a@x.com, "Lovelace, Ada" <ada@x.com>` → two addresses. */
export function splitAddressList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const addresses: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      addresses.push(current.trim());
      current = '';
    } else current += c;
  }
  addresses.push(current.trim());
  return addresses.filter((address) => address !== '');
}

export function headerValue(headers: ReadonlyArray<{ name: string; value: string }>, name: string): string | undefined {
  return headers.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;
}
