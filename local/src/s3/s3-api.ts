/**
 * Amazon S3's REST API on the local edge, for the operations the shop and its lessons use:
 * ListBuckets, HeadBucket, GetBucketLifecycleConfiguration, ListObjectsV2, PutObject, GetObject
 * (with one byte range), HeadObject and DeleteObject, in path-style (`/bucket/key`) and
 * virtual-hosted (`bucket.localhost:<edge port>/key`) addressing, with presigned GET/HEAD URLs. Anything
 * else S3 does is answered `501 NotImplemented` with what was asked, never ignored.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 */

import { createHash, randomBytes } from 'node:crypto';
import type { BucketSpec } from '@shop/topology/resource-types/s3-bucket';
import { AwsError, isAwsError } from '../edge/aws-error.ts';
import type { EdgeRequest, EdgeResponse } from '../edge/types.ts';
import { hostnameOfHostHeader } from '../http-listener/loopback.ts';
import { decodeAwsChunked } from './aws-chunked.ts';
import { expirationOf } from './lifecycle.ts';
import type { ObjectHead, ObjectStore } from './object-store.ts';
import { isPresigned, verifyPresignedRequest } from './presigned-url.ts';

const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
/** Headers S3 stores with an object and answers on GET and HEAD. */
const STORED_HEADERS = ['content-disposition', 'cache-control', 'content-language', 'expires'] as const;
/** Conditional and server-side features the local S3 does not implement: refused, not ignored. */
const UNSUPPORTED_HEADERS = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'x-amz-copy-source',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-object-lock-mode',
  'x-amz-tagging',
  'x-amz-website-redirect-location',
];

/** A request is S3's when it is signed for the `s3` service, in the header or in the query. */
export function isS3Request(request: EdgeRequest): boolean {
  const authorization = String(request.headers.authorization ?? '');
  if (/Credential=[^/,\s]+\/[^/]+\/[^/]+\/s3\/aws4_request/.test(authorization)) return true;
  return /^[^/]+\/[^/]+\/[^/]+\/s3\/aws4_request$/.test(request.query.get('X-Amz-Credential') ?? '');
}

/** One object operation as it was answered, for the per-order trace. */
export interface ObjectActivity {
  readonly operation: 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject';
  readonly bucket: string;
  readonly key: string;
  readonly status: number;
  /** The error code when it failed (`NoSuchKey`, `SignatureDoesNotMatch`, ...). */
  readonly error?: string;
  /** The object's size, when it was stored or read. */
  readonly bytes?: number;
  /** Whether the request came with a presigned URL. */
  readonly presigned: boolean;
}

export interface S3Context {
  readonly store: ObjectStore;
  readonly buckets: ReadonlyMap<string, BucketSpec>;
  readonly region: string;
  readonly now: () => Date;
  readonly onObject?: (activity: ObjectActivity) => void;
}

const OPERATION_OF_METHOD: Readonly<Record<string, ObjectActivity['operation']>> = {
  PUT: 'PutObject',
  GET: 'GetObject',
  HEAD: 'HeadObject',
  DELETE: 'DeleteObject',
};

/** Tells `onObject` of an answered object request (never fails the answer). */
function report(
  context: S3Context,
  request: EdgeRequest,
  target: Target | undefined,
  response: EdgeResponse,
  error?: AwsError,
): void {
  const operation = OPERATION_OF_METHOD[request.method];
  if (!context.onObject || !operation || target?.bucket === undefined || target.key === undefined) return;
  const length = Number(response.headers['content-length'] ?? Number.NaN);
  const bytes = operation === 'PutObject' ? request.body.length : length;
  try {
    context.onObject({
      operation,
      bucket: target.bucket,
      key: target.key,
      status: response.status,
      ...(error ? { error: error.code } : {}),
      ...(!error && Number.isFinite(bytes) ? { bytes } : {}),
      presigned: isPresigned(request),
    });
  } catch {
    // The trace is an observer: it cannot fail a request.
  }
}

interface Target {
  readonly bucket: string | undefined;
  readonly key: string | undefined;
}

const xmlEscape = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** The bucket from a virtual-hosted `Host` (`<bucket>.localhost`), else from the first path segment. */
function targetOf(request: EdgeRequest): Target {
  const hostname = hostnameOfHostHeader(String(request.headers.host ?? '')) ?? '';
  const virtual = /^(.+)\.localhost$/i.exec(hostname)?.[1];
  let path = request.path;
  let bucket: string | undefined;
  if (virtual !== undefined) {
    bucket = virtual;
  } else {
    const segment = /^\/([^/]+)/.exec(path)?.[1];
    bucket = segment === undefined ? undefined : decodePath(segment);
    path = segment === undefined ? path : path.slice(segment.length + 1);
  }
  const rawKey = path.startsWith('/') ? path.slice(1) : path;
  return { bucket, key: rawKey === '' ? undefined : decodePath(rawKey) };
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", { statusCode: 400 });
  }
}

const notImplemented = (what: string) =>
  new AwsError(
    'NotImplemented',
    `A header or query you provided implies functionality that is not implemented: ${what} (the local S3 serves ListBuckets, HeadBucket, GetBucketLifecycleConfiguration, ListObjectsV2, PutObject, GetObject, HeadObject, DeleteObject and presigned URLs).`,
    { statusCode: 501 },
  );

function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

function objectHeaders(head: ObjectHead, bucket: BucketSpec): Record<string, string> {
  const expiration = expirationOf(head, bucket.lifecycleRules);
  return {
    'content-type': head.contentType,
    etag: `"${head.etag}"`,
    'last-modified': httpDate(head.lastModified),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    ...(expiration
      ? { 'x-amz-expiration': `expiry-date="${expiration.date.toUTCString()}", rule-id="${expiration.ruleId}"` }
      : {}),
    ...Object.fromEntries(Object.entries(head.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
    ...head.headers,
  };
}

function xmlResponse(status: number, body: string, requestId: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** S3's error document; HEAD answers carry no body, so the SDK reads the status alone. */
function errorResponse(
  error: AwsError,
  request: EdgeRequest,
  requestId: string,
  target: Target | undefined,
): EdgeResponse {
  const headers = {
    'x-amz-request-id': requestId,
    'x-amzn-requestid': requestId,
    'x-amz-id-2': Buffer.from(requestId).toString('base64'),
  };
  if (request.method === 'HEAD') return { status: error.statusCode, headers, body: '' };
  const extra =
    error.code === 'NoSuchKey' && target?.key !== undefined
      ? `<Key>${xmlEscape(target.key)}</Key>`
      : error.code === 'NoSuchBucket' && target?.bucket !== undefined
        ? `<BucketName>${xmlEscape(target.bucket)}</BucketName>`
        : '';
  return {
    status: error.statusCode,
    headers: { ...headers, 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`,
  };
}

function bucketOf(context: S3Context, name: string): BucketSpec {
  const bucket = context.buckets.get(name);
  if (!bucket) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', { statusCode: 404 });
  return bucket;
}

function listBuckets(context: S3Context, requestId: string): EdgeResponse {
  const buckets = [...context.buckets.values()]
    .map(
      (bucket) =>
        `<Bucket><Name>${xmlEscape(bucket.name)}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate><BucketRegion>${context.region}</BucketRegion></Bucket>`,
    )
    .join('');
  return xmlResponse(
    200,
    `<ListAllMyBucketsResult xmlns="${NAMESPACE}"><Owner><ID>local</ID></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
    requestId,
  );
}

function lifecycleConfiguration(bucket: BucketSpec, requestId: string): EdgeResponse {
  if (bucket.lifecycleRules.length === 0) {
    throw new AwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', {
      statusCode: 404,
    });
  }
  const rules = bucket.lifecycleRules
    .map(
      (rule) =>
        `<Rule><ID>${xmlEscape(rule.id)}</ID><Filter><Prefix>${xmlEscape(rule.prefix)}</Prefix></Filter><Status>Enabled</Status><Expiration><Days>${rule.expirationDays}</Days></Expiration></Rule>`,
    )
    .join('');
  return xmlResponse(200, `<LifecycleConfiguration xmlns="${NAMESPACE}">${rules}</LifecycleConfiguration>`, requestId);
}

function listObjectsV2(
  context: S3Context,
  bucket: BucketSpec,
  query: URLSearchParams,
  requestId: string,
): EdgeResponse {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeysText = query.get('max-keys') ?? '1000';
  if (!/^\d+$/.test(maxKeysText)) {
    throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', {
      statusCode: 400,
    });
  }
  const maxKeys = Math.min(Number(maxKeysText), 1000);
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url') {
    throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', { statusCode: 400 });
  }
  const token = query.get('continuation-token');
  let after = query.get('start-after') ?? '';
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('v1:')) {
      throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', { statusCode: 400 });
    }
    after = decoded.slice(3);
  }
  const page =
    maxKeys === 0
      ? { objects: [], commonPrefixes: [], next: undefined }
      : context.store.list(bucket.name, { prefix, ...(delimiter ? { delimiter } : {}), after, maxKeys });
  const text = (value: string) =>
    xmlEscape(encoding === 'url' ? encodeURIComponent(value).replace(/%2F/g, '/') : value);
  const contents = page.objects
    .map(
      (object) =>
        `<Contents><Key>${text(object.key)}</Key><LastModified>${object.lastModified}</LastModified><ETag>"${object.etag}"</ETag><Size>${object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const common = page.commonPrefixes
    .map((value) => `<CommonPrefixes><Prefix>${text(value)}</Prefix></CommonPrefixes>`)
    .join('');
  const parts = [
    `<Name>${xmlEscape(bucket.name)}</Name>`,
    `<Prefix>${text(prefix)}</Prefix>`,
    ...(delimiter ? [`<Delimiter>${text(delimiter)}</Delimiter>`] : []),
    `<MaxKeys>${maxKeys}</MaxKeys>`,
    `<KeyCount>${page.objects.length + page.commonPrefixes.length}</KeyCount>`,
    `<IsTruncated>${page.next !== undefined}</IsTruncated>`,
    ...(encoding ? [`<EncodingType>${encoding}</EncodingType>`] : []),
    ...(token !== null ? [`<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`] : []),
    ...(page.next !== undefined
      ? [`<NextContinuationToken>${Buffer.from(`v1:${page.next}`).toString('base64url')}</NextContinuationToken>`]
      : []),
    ...(query.get('start-after') !== null ? [`<StartAfter>${text(query.get('start-after') ?? '')}</StartAfter>`] : []),
    contents,
    common,
  ];
  return xmlResponse(200, `<ListBucketResult xmlns="${NAMESPACE}">${parts.join('')}</ListBucketResult>`, requestId);
}

function header(request: EdgeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function putObject(
  context: S3Context,
  request: EdgeRequest,
  bucket: BucketSpec,
  key: string,
  requestId: string,
): EdgeResponse {
  const encodings = (header(request, 'content-encoding') ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  const chunked =
    encodings.includes('aws-chunked') || /^STREAMING-/.test(header(request, 'x-amz-content-sha256') ?? '');
  const body = chunked ? decodeAwsChunked(request.body) : request.body;
  const declared = header(request, 'x-amz-decoded-content-length');
  if (chunked && declared !== undefined && Number(declared) !== body.length) {
    throw new AwsError(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
      {
        statusCode: 400,
      },
    );
  }
  const md5 = createHash('md5').update(body);
  const digest = md5.copy().digest('base64');
  const contentMd5 = header(request, 'content-md5');
  if (contentMd5 !== undefined && contentMd5 !== digest) {
    throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      statusCode: 400,
    });
  }
  const metadata: Record<string, string> = {};
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(request.headers)) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    metadata[name.slice('x-amz-meta-'.length)] = text;
    metadataBytes += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(text);
  }
  if (metadataBytes > MAX_METADATA_BYTES) {
    throw new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', {
      statusCode: 400,
    });
  }
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = header(request, name);
    if (value !== undefined) stored[name] = value;
  }
  const otherEncodings = encodings.filter((value) => value !== 'aws-chunked');
  if (otherEncodings.length > 0) stored['content-encoding'] = otherEncodings.join(', ');
  const head: ObjectHead = {
    bucket: bucket.name,
    key,
    size: body.length,
    etag: md5.digest('hex'),
    contentType: header(request, 'content-type') ?? 'binary/octet-stream',
    lastModified: context.now().toISOString(),
    metadata,
    headers: stored,
  };
  context.store.put({ ...head, body });
  const expiration = expirationOf(head, bucket.lifecycleRules);
  return {
    status: 200,
    headers: {
      etag: `"${head.etag}"`,
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-request-id': requestId,
      ...(expiration
        ? { 'x-amz-expiration': `expiry-date="${expiration.date.toUTCString()}", rule-id="${expiration.ruleId}"` }
        : {}),
    },
    body: '',
  };
}

/** GetObject's `response-content-type`, `response-content-disposition`, ... query parameters. */
function responseOverrides(query: URLSearchParams): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of [
    'content-type',
    'content-language',
    'expires',
    'cache-control',
    'content-disposition',
    'content-encoding',
  ]) {
    const value = query.get(`response-${name}`);
    if (value !== null) overrides[name] = value;
  }
  return overrides;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` within `size`; undefined when unsatisfiable. */
function parseRange(range: string, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? undefined : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? undefined : { start, end };
}

function getObject(
  context: S3Context,
  request: EdgeRequest,
  bucket: BucketSpec,
  key: string,
  requestId: string,
): EdgeResponse {
  const object: (ObjectHead & { body?: Buffer }) | undefined =
    request.method === 'HEAD' ? context.store.head(bucket.name, key) : context.store.get(bucket.name, key);
  if (!object) throw new AwsError('NoSuchKey', 'The specified key does not exist.', { statusCode: 404 });
  const headers = {
    ...objectHeaders(object, bucket),
    ...responseOverrides(request.query),
    'x-amz-request-id': requestId,
  };
  const range = header(request, 'range');
  if (range !== undefined && object.body !== undefined) {
    const bytes = parseRange(range, object.size);
    if (!bytes) {
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', { statusCode: 416 });
    }
    return {
      status: 206,
      headers: {
        ...headers,
        'content-range': `bytes ${bytes.start}-${bytes.end}/${object.size}`,
        'content-length': String(bytes.end - bytes.start + 1),
      },
      body: object.body.subarray(bytes.start, bytes.end + 1),
    };
  }
  return {
    status: 200,
    headers: { ...headers, 'content-length': String(object.size) },
    body: object.body ?? '',
  };
}

/** Bucket subresources S3 has and the local S3 does not serve (`?policy`, `?versioning`, ...). */
function subresourceOf(query: URLSearchParams): string | undefined {
  const known = new Set([
    'list-type',
    'prefix',
    'delimiter',
    'max-keys',
    'continuation-token',
    'start-after',
    'encoding-type',
    'fetch-owner',
    'x-id',
  ]);
  for (const name of query.keys()) {
    if (!name.startsWith('X-Amz-') && !known.has(name) && name !== 'lifecycle') return name;
  }
  return undefined;
}

export async function handleS3Request(request: EdgeRequest, context: S3Context): Promise<EdgeResponse> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  let target: Target | undefined;
  try {
    const response = await answerS3Request(request, context, requestId, (found) => {
      target = found;
    });
    report(context, request, target, response);
    return response;
  } catch (error) {
    if (!isAwsError(error)) throw error;
    const response = errorResponse(error, request, requestId, target);
    report(context, request, target, response, error);
    return response;
  }
}

async function answerS3Request(
  request: EdgeRequest,
  context: S3Context,
  requestId: string,
  found: (target: Target) => void,
): Promise<EdgeResponse> {
  const target = targetOf(request);
  found(target);
  if (isPresigned(request)) verifyPresignedRequest(request, context.now());
  for (const name of UNSUPPORTED_HEADERS) {
    if (request.headers[name] !== undefined) throw notImplemented(`the ${name} header`);
  }
  const { bucket: bucketName, key } = target;
  if (bucketName === undefined) {
    if (request.method === 'GET') return listBuckets(context, requestId);
    throw notImplemented(`${request.method} /`);
  }
  if (key !== undefined && Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new AwsError('KeyTooLongError', 'Your key is too long', { statusCode: 400 });
  }
  if (key === undefined) {
    if (request.method === 'PUT') {
      throw notImplemented('CreateBucket: buckets are declared in the stacks (AWS::S3::Bucket)');
    }
    const bucket = bucketOf(context, bucketName);
    const subresource = subresourceOf(request.query);
    if (subresource !== undefined) throw notImplemented(`the ?${subresource} bucket subresource`);
    if (request.method === 'HEAD') {
      return {
        status: 200,
        headers: { 'x-amz-bucket-region': context.region, 'x-amz-request-id': requestId },
        body: '',
      };
    }
    if (request.method === 'GET' && request.query.has('lifecycle')) return lifecycleConfiguration(bucket, requestId);
    if (request.method === 'GET' && request.query.get('list-type') === '2') {
      return listObjectsV2(context, bucket, request.query, requestId);
    }
    if (request.method === 'GET') throw notImplemented('ListObjects (version 1): use ListObjectsV2');
    throw notImplemented(`${request.method} on a bucket`);
  }
  const bucket = bucketOf(context, bucketName);
  // A presigned URL carries its signature (X-Amz-*) and the x-amz-* headers it was signed with
  // (x-amz-checksum-mode) in the query; response-* parameters override GetObject's headers.
  const subresource = [...request.query.keys()].find(
    (name) => !/^(X-Amz-|x-amz-|response-)/.test(name) && name !== 'x-id',
  );
  if (subresource !== undefined) throw notImplemented(`the ?${subresource} object subresource`);
  switch (request.method) {
    case 'PUT':
      return putObject(context, request, bucket, key, requestId);
    case 'GET':
    case 'HEAD':
      return getObject(context, request, bucket, key, requestId);
    case 'DELETE':
      context.store.delete(bucket.name, key);
      return { status: 204, headers: { 'x-amz-request-id': requestId }, body: '' };
    default:
      throw notImplemented(`${request.method} on an object`);
  }
}
