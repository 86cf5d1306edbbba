/**
 * The classic SES API (version 2010-12-01) `SendEmail` and `SendRawEmail` in the query
 * protocol the AWS CLI (`aws ses send-email`) and SDK v3's `@aws-sdk/client-ses` speak: a
 * form-encoded `POST /` with `Action=SendEmail`, an XML answer.
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_SendRawEmail.html
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

const VERSION = '2010-12-01';
const NAMESPACE = `http://ses.amazonaws.com/doc/${VERSION}/`;
const CODES = { invalid: 'InvalidParameterValue', rejected: 'MessageRejected' } as const;

/** A query-protocol request for SES: its `Version`, or a signature scoped to the `ses` service. */
export function isSesQueryRequest(request: EdgeRequest): boolean {
  if (request.method !== 'POST' || request.path !== '/' || request.headers['x-amz-target'] !== undefined) return false;
  const params = formParameters(request);
  if (!params.get('Action')) return false;
  if (params.get('Version') === VERSION) return true;
  const authorization = request.headers.authorization;
  return /Credential=[^/,\s]+\/[^/]+\/[^/]+\/(ses|email)\/aws4_request/.test(
    Array.isArray(authorization) ? (authorization[0] ?? '') : (authorization ?? ''),
  );
}

export async function handleSesQueryRequest(
  request: EdgeRequest,
  send: (mail: OutgoingMail, api: MailMessage['api']) => MailMessage,
): Promise<EdgeResponse> {
  const requestId = randomUUID();
  const params = formParameters(request);
  const action = params.get('Action') ?? '';
  try {
    let mail: OutgoingMail;
    if (action === 'SendEmail') mail = sendEmailInput(params);
    else if (action === 'SendRawEmail') mail = sendRawEmailInput(params);
    else {
      throw new AwsError(
        'InvalidAction',
        `The action ${action} is not valid for this web service (the local cloud's SES serves SendEmail and SendRawEmail).`,
      );
    }
    checkOutgoingMail(mail, CODES);
    const message = send(mail, 'ses');
    return xml(
      200,
      requestId,
      `<${action}Response xmlns="${NAMESPACE}"><${action}Result><MessageId>${escapeXml(message.messageId)}</MessageId></${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    );
  } catch (error) {
    if (!isAwsError(error)) throw error;
    return xml(
      error.statusCode,
      requestId,
      `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  }
}

function sendEmailInput(params: URLSearchParams): OutgoingMail {
  const source = required(params, 'Source', 'source');
  const subject = required(params, 'Message.Subject.Data', 'message.subject');
  return {
    from: source,
    to: members(params, 'Destination.ToAddresses'),
    cc: members(params, 'Destination.CcAddresses'),
    bcc: members(params, 'Destination.BccAddresses'),
    replyTo: members(params, 'ReplyToAddresses'),
    subject,
    text: params.get('Message.Body.Text.Data') ?? undefined,
    html: params.get('Message.Body.Html.Data') ?? undefined,
    raw: undefined,
    headers: [],
    tags: tagsOf(params),
    configurationSetName: params.get('ConfigurationSetName') ?? undefined,
  };
}

function sendRawEmailInput(params: URLSearchParams): OutgoingMail {
  const data = required(params, 'RawMessage.Data', 'rawMessage.data');
  const raw = Buffer.from(data, 'base64').toString('utf8');
  const { headers, body } = parseRawMessage(raw);
  const destinations = members(params, 'Destinations');
  return {
    from: params.get('Source') ?? headerValue(headers, 'From') ?? '',
    // `Destinations` overrides the To/Cc/Bcc headers when given.
    to: destinations.length > 0 ? destinations : splitAddressList(headerValue(headers, 'To')),
    cc: destinations.length > 0 ? [] : splitAddressList(headerValue(headers, 'Cc')),
    bcc: destinations.length > 0 ? [] : splitAddressList(headerValue(headers, 'Bcc')),
    replyTo: splitAddressList(headerValue(headers, 'Reply-To')),
    subject: headerValue(headers, 'Subject') ?? '',
    text: body,
    html: undefined,
    raw,
    headers,
    tags: tagsOf(params),
    configurationSetName: params.get('ConfigurationSetName') ?? undefined,
  };
}

/** AWS's message for a missing required query parameter. */
function required(params: URLSearchParams, name: string, member: string): string {
  const value = params.get(name);
  if (value === null) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** `Prefix.member.1`, `Prefix.member.2`, ... in order. */
function members(params: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let n = 1; params.has(`${prefix}.member.${n}`); n++) values.push(params.get(`${prefix}.member.${n}`) ?? '');
  return values;
}

function tagsOf(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let n = 1; params.has(`Tags.member.${n}.Name`); n++) {
    tags[params.get(`Tags.member.${n}.Name`) ?? ''] = params.get(`Tags.member.${n}.Value`) ?? '';
  }
  return tags;
}

/** The URL's query and the form body together, as the query protocol allows either. */
function formParameters(request: EdgeRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  const contentType = String(request.headers['content-type'] ?? '');
  if (contentType.startsWith('application/x-www-form-urlencoded') || (contentType === '' && request.body.length > 0)) {
    for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) params.append(key, value);
  }
  return params;
}

function xml(status: number, requestId: string, body: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0"?>\n${body}`,
  };
}

/** Text content needs only `&`, `<` and `>` escaped; AWS leaves quotes as they are. */
function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp' }[c]};`);
}
