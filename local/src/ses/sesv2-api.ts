import { nestsDeeperThan } from '../edge/json-depth.ts';
/**
 * SES API v2 `SendEmail` in the REST-JSON protocol SDK v3's `@aws-sdk/client-sesv2` speaks:
 * `POST /v2/email/outbound-emails` with a JSON body, `{"MessageId"}` back; errors carry their
 * code in `x-amzn-ErrorType` and `{"message"}` in the body.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 *
 * Simple and Raw content are sent to the mailbox; Templated content, attachments and every
 * other v2 operation answer an error that names what the local cloud does not emulate.
 */

import { randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../edge/aws-error.ts';
import type { EdgeRequest, EdgeResponse } from '../edge/types.ts';
import type { MailMessage } from './mailbox.ts';
import {
  checkOutgoingMail,
  headerValue,
  type OutgoingMail,
  parseRawMessage,
  splitAddressList,
} from './outgoing-mail.ts';

const PREFIX = '/v2/email/';
const CODES = { invalid: 'BadRequestException', rejected: 'MessageRejected' } as const;

export function isSesV2Request(request: EdgeRequest): boolean {
  return request.path.startsWith(PREFIX) && request.headers['x-amz-target'] === undefined;
}

/** Serves one SES v2 request; `send` stores an accepted message and returns it. */
export async function handleSesV2Request(
  request: EdgeRequest,
  send: (mail: OutgoingMail, api: MailMessage['api']) => MailMessage,
): Promise<EdgeResponse> {
  try {
    if (request.method !== 'POST' || request.path !== `${PREFIX}outbound-emails`) {
      throw new AwsError(
        'UnknownOperationException',
        `${request.method} ${request.path} is not supported by the local cloud's SES (only SendEmail).`,
      );
    }
    const mail = parseSendEmailRequest(parseJson(request.body.toString('utf8')));
    checkOutgoingMail(mail, CODES);
    const message = send(mail, 'sesv2');
    return json(200, { MessageId: message.messageId });
  } catch (error) {
    if (isAwsError(error)) return errorResponse(error.statusCode, error.code, error.message);
    throw error;
  }
}

/** The SendEmail request body as the message it describes. */
export function parseSendEmailRequest(input: Record<string, unknown>): OutgoingMail {
  const content = objectAt(input, 'Content', true);
  const kinds = ['Simple', 'Raw', 'Template'].filter((kind) => content[kind] !== undefined);
  if (kinds.length !== 1)
    throw new AwsError(CODES.invalid, 'Content must contain exactly one of Simple, Raw or Template.');
  if (content.Template !== undefined) {
    throw new AwsError(
      CODES.invalid,
      "Templated content (Content.Template) is not supported by the local cloud's SES.",
    );
  }
  const destination = objectAt(input, 'Destination', false);
  const common = {
    to: stringList(destination, 'ToAddresses'),
    cc: stringList(destination, 'CcAddresses'),
    bcc: stringList(destination, 'BccAddresses'),
    replyTo: stringList(input, 'ReplyToAddresses'),
    tags: tagsOf(input.EmailTags),
    configurationSetName: optionalString(input, 'ConfigurationSetName'),
  };
  const from = optionalString(input, 'FromEmailAddress');

  if (content.Simple !== undefined) {
    const simple = objectAt(content, 'Simple', true);
    if (simple.Attachments !== undefined) {
      throw new AwsError(
        CODES.invalid,
        "Attachments (Content.Simple.Attachments) are not supported by the local cloud's SES.",
      );
    }
    const subject = objectAt(simple, 'Subject', true);
    const body = objectAt(simple, 'Body', true);
    return {
      ...common,
      from: from ?? '',
      subject: requiredString(subject, 'Data', 'Content.Simple.Subject.Data'),
      text: optionalString(objectAt(body, 'Text', false), 'Data'),
      html: optionalString(objectAt(body, 'Html', false), 'Data'),
      raw: undefined,
      headers: headersOf(simple.Headers),
    };
  }

  const rawData = requiredString(objectAt(content, 'Raw', true), 'Data', 'Content.Raw.Data');
  const raw = Buffer.from(rawData, 'base64').toString('utf8');
  const { headers, body } = parseRawMessage(raw);
  const fromHeader = headerValue(headers, 'From');
  const anyDestination = common.to.length + common.cc.length + common.bcc.length > 0;
  return {
    ...common,
    // Without a Destination, SES sends to the recipients the MIME headers name.
    to: anyDestination ? common.to : splitAddressList(headerValue(headers, 'To')),
    cc: anyDestination ? common.cc : splitAddressList(headerValue(headers, 'Cc')),
    bcc: anyDestination ? common.bcc : splitAddressList(headerValue(headers, 'Bcc')),
    from: from ?? fromHeader ?? '',
    subject: headerValue(headers, 'Subject') ?? '',
    text: body,
    html: undefined,
    raw,
    headers,
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = text.trim() === '' ? {} : nestsDeeperThan(text) ? undefined : (JSON.parse(text) as unknown);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object.');
}

function objectAt(parent: Record<string, unknown>, key: string, required: boolean): Record<string, unknown> {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) throw new AwsError(CODES.invalid, `${key} is required.`);
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new AwsError(CODES.invalid, `${key} must be an object.`);
  return value as Record<string, unknown>;
}

function requiredString(parent: Record<string, unknown>, key: string, where: string): string {
  const value = parent[key];
  if (typeof value !== 'string') throw new AwsError(CODES.invalid, `${where} is required.`);
  return value;
}

function optionalString(parent: Record<string, unknown>, key: string): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError(CODES.invalid, `${key} must be a string.`);
  return value;
}

function stringList(parent: Record<string, unknown>, key: string): string[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new AwsError(CODES.invalid, `${key} must be a list of strings.`);
  }
  return value;
}

function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(value)) return tags;
  for (const tag of value as Array<{ Name?: unknown; Value?: unknown }>) {
    if (typeof tag?.Name === 'string' && typeof tag.Value === 'string') tags[tag.Name] = tag.Value;
  }
  return tags;
}

function headersOf(value: unknown): Array<{ name: string; value: string }> {
  if (!Array.isArray(value)) return [];
  return (value as Array<{ Name?: unknown; Value?: unknown }>).flatMap((header) =>
    typeof header?.Name === 'string' && typeof header.Value === 'string'
      ? [{ name: header.Name, value: header.Value }]
      : [],
  );
}

function json(status: number, body: unknown): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}

function errorResponse(status: number, code: string, message: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({ message }),
  };
}
