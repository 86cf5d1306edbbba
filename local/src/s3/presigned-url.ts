/**
 * Presigned URLs (Signature Version 4 in the query string), checked as S3 checks them: the
 * parameters, the expiry (`X-Amz-Date` + `X-Amz-Expires`, at most a week), and the signature.
 * The local cloud knows the secret of the credentials it hands out (its functions' and the
 * documented `local`/`local`), so a URL signed with them can be verified; another access key is
 * `InvalidAccessKeyId`, as on AWS. Requests signed in the `Authorization` header are not
 * verified, like every other request to the local edge (IAM is not enforced locally).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../edge/aws-error.ts';
import type { EdgeRequest } from '../edge/types.ts';

/** The credentials the local cloud issues: the CLI's documented pair and its functions' role. */
const KNOWN_SECRETS: ReadonlyMap<string, string> = new Map([
  ['local', 'local'],
  ['ASIALOCALCLOUD000000', 'local-cloud-secret'],
]);

const MAX_EXPIRES_SECONDS = 604_800;

/** Whether the request carries SigV4 query authentication (a presigned URL). */
export function isPresigned(request: EdgeRequest): boolean {
  return request.query.has('X-Amz-Signature') || request.query.get('X-Amz-Algorithm') !== null;
}

/** RFC 3986 encoding, as SigV4 requires (everything but unreserved characters). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValue(request: EdgeRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
}

/** `20261206T101500Z` → epoch milliseconds, or NaN. */
function parseAmzDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const queryError = (message: string) => new AwsError('AuthorizationQueryParametersError', message, { statusCode: 400 });

/**
 * Checks a presigned request at `now`; throws the AwsError S3 answers with when it fails.
 */
export function verifyPresignedRequest(request: EdgeRequest, now: Date): void {
  const q = request.query;
  const algorithm = q.get('X-Amz-Algorithm');
  const credential = q.get('X-Amz-Credential');
  const amzDate = q.get('X-Amz-Date');
  const expires = q.get('X-Amz-Expires');
  const signedHeaders = q.get('X-Amz-SignedHeaders');
  const signature = q.get('X-Amz-Signature');
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  if (!credential || !amzDate || !expires || !signedHeaders || !signature) {
    throw queryError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const [accessKeyId, date, region, service, terminator, ...extra] = credential.split('/');
  if (!accessKeyId || !date || !region || service !== 's3' || terminator !== 'aws4_request' || extra.length > 0) {
    throw queryError(`Error parsing the X-Amz-Credential parameter; the credential is mal-formed: ${credential}`);
  }
  const seconds = Number(expires);
  if (!/^\d+$/.test(expires)) throw queryError('X-Amz-Expires should be a number');
  if (seconds > MAX_EXPIRES_SECONDS) {
    throw queryError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`);
  }
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt) || !amzDate.startsWith(date)) {
    throw queryError(`Invalid date format of header: X-Amz-Date (${amzDate})`);
  }
  const secret = KNOWN_SECRETS.get(accessKeyId);
  if (secret === undefined) {
    throw new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      statusCode: 403,
    });
  }
  if (now.getTime() > signedAt + seconds * 1000) {
    throw new AwsError('AccessDenied', 'Request has expired', { statusCode: 403 });
  }

  const headerNames = signedHeaders.split(';');
  if (!headerNames.includes('host')) throw queryError('Host must be a signed header');
  const canonicalQuery = [...q.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalRequest = [
    request.method,
    request.path,
    canonicalQuery,
    ...headerNames.map((name) => `${name}:${headerValue(request, name)}`),
    '',
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  const expected = hmac(signingKey, stringToSign);
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AwsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { statusCode: 403 },
    );
  }
}
