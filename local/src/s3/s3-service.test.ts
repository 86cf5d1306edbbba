import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BucketSpec } from '@shop/topology/resource-types/s3-bucket';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeServer } from '../edge/edge-server.ts';
import { decodeAwsChunked } from './aws-chunked.ts';
import { createS3Service, type S3Service } from './index.ts';

const BUCKET: BucketSpec = {
  stackName: 'shop-test',
  logicalId: 'DocumentsBucket',
  name: 'shop-test-documents',
  arn: 'arn:aws:s3:::shop-test-documents',
  lifecycleRules: [{ id: 'expire-labels', prefix: 'labels/', expirationDays: 30 }],
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Edge {
  readonly url: string;
  readonly port: number;
  readonly s3: S3Service;
  client(options?: { forcePathStyle?: boolean; accessKeyId?: string; secretAccessKey?: string }): S3Client;
}

/** The S3 service behind the real edge (its hardened listener), with a settable clock. */
async function startEdge(clock: { now: Date } = { now: new Date() }): Promise<Edge> {
  const dataDir = mkdtempSync(join(tmpdir(), 's3-test-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const s3 = createS3Service({
    dataDir,
    buckets: [BUCKET],
    region: 'eu-west-1',
    clock: () => clock.now,
    sweepIntervalMs: 0,
  });
  cleanups.push(() => s3.close());
  const edge = new EdgeServer({ onLog: () => {} });
  edge.register(s3.edge);
  const port = await edge.listen(0);
  cleanups.push(() => edge.close());
  // `<bucket>.localhost` does not resolve everywhere: send it to the loopback address, as a hosts entry would.
  const lookup = ((_host: string, options: unknown, callback: (...args: unknown[]) => void) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  }) as unknown as NonNullable<ConstructorParameters<typeof Agent>[0]>['lookup'];
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    s3,
    client: (options = {}) =>
      new S3Client({
        region: 'eu-west-1',
        endpoint: options.forcePathStyle === false ? `http://localhost:${port}` : `http://127.0.0.1:${port}`,
        forcePathStyle: options.forcePathStyle ?? true,
        credentials: {
          accessKeyId: options.accessKeyId ?? 'local',
          secretAccessKey: options.secretAccessKey ?? 'local',
        },
        requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup }) }),
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the local S3', () => {
  it('stores an object with PutObject and answers it with GetObject and HeadObject, metadata and all', async () => {
    const edge = await startEdge();
    const s3 = edge.client();

    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET.name,
        Key: 'labels/ord_1/shp_1.svg',
        Body: '<svg>label</svg>',
        ContentType: 'image/svg+xml',
        Metadata: { order: 'ord_1' },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'labels/ord_1/shp_1.svg' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET.name, Key: 'labels/ord_1/shp_1.svg' }));

    expect(put.ETag).toBe(`"${createHash('md5').update('<svg>label</svg>').digest('hex')}"`);
    expect(await got.Body?.transformToString()).toBe('<svg>label</svg>');
    expect(got).toMatchObject({
      ContentType: 'image/svg+xml',
      ContentLength: 16,
      ETag: put.ETag,
      Metadata: { order: 'ord_1' },
    });
    expect(head).toMatchObject({ ContentType: 'image/svg+xml', ContentLength: 16, ETag: put.ETag });
  });

  it('keeps keys with spaces, unicode and slashes as they were sent', async () => {
    const edge = await startEdge();
    const s3 = edge.client();
    const key = 'packing lists/été/ord 1+2=3?.json';

    await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: key, Body: '{}' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET.name }));

    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: key }));
    expect(await got.Body?.transformToString()).toBe('{}');
  });

  it('answers NoSuchKey, NoSuchBucket and a bodiless 404 for HEAD, as S3 does', async () => {
    const edge = await startEdge();
    const s3 = edge.client();

    const missingKey = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'nothing' })));
    const missingBucket = await failure(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'x' })));
    const missingHead = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET.name, Key: 'nothing' })));

    expect([missingKey.name, missingKey.$metadata.httpStatusCode, missingKey.message]).toEqual([
      'NoSuchKey',
      404,
      'The specified key does not exist.',
    ]);
    expect([missingBucket.name, missingBucket.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
    expect([missingHead.name, missingHead.$metadata.httpStatusCode]).toEqual(['NotFound', 404]);
  });

  it('deletes an object, and answers 204 for a key that is already gone', async () => {
    const edge = await startEdge();
    const s3 = edge.client();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: 'a', Body: 'x' }));

    const first = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET.name, Key: 'a' }));
    const again = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET.name, Key: 'a' }));

    expect([first.$metadata.httpStatusCode, again.$metadata.httpStatusCode]).toEqual([204, 204]);
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'a' })))).name).toBe('NoSuchKey');
  });

  it('lists with a prefix and a delimiter, in pages joined by continuation tokens', async () => {
    const edge = await startEdge();
    const s3 = edge.client();
    for (const key of ['labels/a/1', 'labels/a/2', 'labels/b/1', 'labels/c', 'lists/x', 'top']) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: key, Body: key }));
    }

    const folders = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET.name, Prefix: 'labels/', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['labels/a/', 'labels/b/']);
    expect(folders.Contents?.map((o) => o.Key)).toEqual(['labels/c']);
    expect(folders.KeyCount).toBe(3);

    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET.name, MaxKeys: 4, ContinuationToken }));
      keys.push(...(page.Contents ?? []).map((o) => String(o.Key)));
      ContinuationToken = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(ContinuationToken !== undefined);
      pages += 1;
    } while (ContinuationToken);
    expect(pages).toBe(2);
    expect(keys).toEqual(['labels/a/1', 'labels/a/2', 'labels/b/1', 'labels/c', 'lists/x', 'top']);
  });

  it('serves virtual-hosted addressing (bucket.localhost) as the SDK sends it', async () => {
    const edge = await startEdge();
    const s3 = edge.client({ forcePathStyle: false });

    await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: 'labels/v.txt', Body: 'virtual' }));
    const got = await edge.client().send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'labels/v.txt' }));

    expect(await got.Body?.transformToString()).toBe('virtual');
    expect((await s3.send(new HeadBucketCommand({ Bucket: BUCKET.name }))).$metadata.httpStatusCode).toBe(200);
  });

  it('lists the buckets the stacks declare and answers their lifecycle rules', async () => {
    const edge = await startEdge();
    const s3 = edge.client();

    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    const { Rules } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET.name }));

    expect(Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET.name]);
    expect(Rules).toEqual([
      { ID: 'expire-labels', Filter: { Prefix: 'labels/' }, Status: 'Enabled', Expiration: { Days: 30 } },
    ]);
  });

  it('serves a presigned GET to a plain HTTP client, and refuses it tampered with or expired', async () => {
    const clock = { now: new Date('2026-12-06T10:00:00Z') };
    const edge = await startEdge(clock);
    const s3 = edge.client();
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET.name, Key: 'labels/p.svg', Body: '<svg/>', ContentType: 'image/svg+xml' }),
    );
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET.name, Key: 'labels/p.svg' }), {
      expiresIn: 3600,
      signingDate: clock.now,
    });

    const fetched = await fetch(url);
    expect([fetched.status, fetched.headers.get('content-type'), await fetched.text()]).toEqual([
      200,
      'image/svg+xml',
      '<svg/>',
    ]);

    const tampered = await fetch(url.replace('labels/p.svg', 'labels/q.svg'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    clock.now = new Date('2026-12-06T11:00:01Z');
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Message>Request has expired</Message>');
  });

  it('refuses a presigned URL signed with an access key the local cloud never issued', async () => {
    const edge = await startEdge();
    const stranger = edge.client({ accessKeyId: 'AKIASTRANGER', secretAccessKey: 'guess' });
    const url = await getSignedUrl(stranger, new GetObjectCommand({ Bucket: BUCKET.name, Key: 'x' }), {
      expiresIn: 60,
    });

    const answer = await fetch(url);

    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('<Code>InvalidAccessKeyId</Code>');
  });

  it('expires objects under a lifecycle rule at the midnight after their days have passed, and says when', async () => {
    const clock = { now: new Date('2026-12-06T10:30:00Z') };
    const edge = await startEdge(clock);
    const s3 = edge.client();
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: 'labels/old.svg', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: 'keep/forever.txt', Body: 'y' }));

    expect(put.Expiration).toBe('expiry-date="Wed, 06 Jan 2027 00:00:00 GMT", rule-id="expire-labels"');
    expect(edge.s3.sweepLifecycle(new Date('2027-01-05T23:59:59Z'))).toEqual([]);
    expect(edge.s3.sweepLifecycle(new Date('2027-01-06T00:00:00Z'))).toEqual([
      { bucket: BUCKET.name, key: 'labels/old.svg', ruleId: 'expire-labels', expiredAt: '2027-01-06T00:00:00.000Z' },
    ]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET.name }));
    expect(left.Contents?.map((object) => object.Key)).toEqual(['keep/forever.txt']);
  });

  it('answers a byte range with 206 and an unsatisfiable one with 416', async () => {
    const edge = await startEdge();
    const s3 = edge.client();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: 'r', Body: '0123456789' }));

    const part = await s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'r', Range: 'bytes=2-4' }));
    const beyond = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'r', Range: 'bytes=20-' })));

    expect([part.$metadata.httpStatusCode, part.ContentRange, await part.Body?.transformToString()]).toEqual([
      206,
      'bytes 2-4/10',
      '234',
    ]);
    expect([beyond.name, beyond.$metadata.httpStatusCode]).toEqual(['InvalidRange', 416]);
  });

  it('refuses what it does not implement with 501 NotImplemented, naming it, and changes nothing', async () => {
    const edge = await startEdge();
    const s3 = edge.client();

    const conditional = await failure(
      s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'r', IfNoneMatch: '"abc"' })),
    );
    const answer = await fetch(`${edge.url}/${BUCKET.name}?versioning`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20261206/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      },
    });

    expect([conditional.name, conditional.$metadata.httpStatusCode]).toEqual(['NotImplemented', 501]);
    expect(conditional.message).toContain('if-none-match');
    expect(answer.status).toBe(501);
    expect(await answer.text()).toContain('?versioning');
  });
});

describe('the local S3 under hostile input', () => {
  it('answers any method, path, query and header it is sent with an S3 answer, never a crash or a 500 (property)', async () => {
    const edge = await startEdge();
    const s3 = edge.client();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET.name, Key: 'kept-object-9f3a', Body: 'kept' }));
    const signed =
      'AWS4-HMAC-SHA256 Credential=local/20261206/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0';
    const segment = fc.oneof(
      fc.constantFrom(BUCKET.name, 'kept', '', '..', '%', '%zz', '%00', '%C3%28', 'a b', '?', '#'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    const queryPart = fc.oneof(
      fc.constantFrom(
        'list-type=2',
        'max-keys=-1',
        'max-keys=abc',
        'continuation-token=%%%',
        'encoding-type=zip',
        'lifecycle',
        'uploads',
        'X-Amz-Expires=999999999',
        'X-Amz-Algorithm=AWS4-HMAC-SHA256',
        'X-Amz-Credential=local%2F2026%2Fx%2Fs3%2Faws4_request',
        'X-Amz-Signature=zz',
      ),
      fc
        .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
    );
    const headers = fc.dictionary(
      fc.constantFrom(
        'range',
        'content-md5',
        'content-encoding',
        'x-amz-content-sha256',
        'x-amz-decoded-content-length',
        'x-amz-meta-a',
        'content-type',
        'if-match',
      ),
      fc.oneof(
        fc.constantFrom('bytes=5-1', 'bytes=-0', 'aws-chunked', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'zz==', '99'),
        fc.string({ maxLength: 20 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'HEAD', 'DELETE', 'POST', 'PATCH'),
        fc.array(segment, { minLength: 0, maxLength: 3 }),
        fc.array(queryPart, { maxLength: 3 }),
        headers,
        fc.uint8Array({ maxLength: 64 }),
        async (method, segments, query, extraHeaders, body) => {
          const url = `${edge.url}/${segments.join('/')}${query.length ? `?${query.join('&')}` : ''}`;
          const answer = await fetch(url, {
            method,
            headers: { authorization: signed, ...extraHeaders },
            ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
          }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
          if (answer instanceof Error) return; // undici refused to send it: nothing reached the edge
          // 4xx for bad input, 501 for what the local S3 does not implement; a 500 is a crash.
          expect(answer.status < 500 || answer.status === 501, `${method} ${url} answered ${answer.status}`).toBe(true);
          await answer.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    const kept = await s3.send(new GetObjectCommand({ Bucket: BUCKET.name, Key: 'kept-object-9f3a' }));
    expect(await kept.Body?.transformToString()).toBe('kept');
  });

  it('decodes aws-chunked bodies, and refuses cut-off or malformed ones with IncompleteBody (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 5 }), (chunks) => {
        const encoded = Buffer.concat([
          ...chunks.flatMap((chunk) => [
            Buffer.from(`${chunk.length.toString(16)};chunk-signature=abc\r\n`),
            Buffer.from(chunk),
            Buffer.from('\r\n'),
          ]),
          Buffer.from('0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
        ]);
        expect(decodeAwsChunked(encoded)).toEqual(Buffer.concat(chunks.map((chunk) => Buffer.from(chunk))));
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          decodeAwsChunked(Buffer.from(bytes));
        } catch (error) {
          expect(error).toMatchObject({ code: 'IncompleteBody', statusCode: 400 });
        }
      }),
    );
  });
});
