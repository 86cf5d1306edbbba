import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { LabelReference } from '../domain/notification.ts';
import type { LabelDocuments } from '../domain/ports.ts';

/**
 * The label documents in fulfillment's bucket (Amazon S3), read with GetObject and shared with
 * a presigned GET URL.
 *
 * On AWS a URL presigned with temporary credentials (a Lambda role's) stops working when those
 * credentials expire, whatever its own expiry says; a link that must outlive the function's
 * session is better served by an endpoint that presigns on each click.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
 */
export class S3LabelDocuments implements LabelDocuments {
  readonly #client: S3Client;

  constructor(client: S3Client) {
    this.#client = client;
  }

  async check(label: LabelReference): Promise<'intact' | 'missing' | 'altered'> {
    let bytes: Uint8Array;
    try {
      const object = await this.#client.send(new GetObjectCommand({ Bucket: label.bucket, Key: label.key }));
      bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey) return 'missing';
      throw error;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return bytes.length === label.bytes && sha256 === label.sha256 ? 'intact' : 'altered';
  }

  link(label: LabelReference, seconds: number): Promise<string> {
    return getSignedUrl(this.#client, new GetObjectCommand({ Bucket: label.bucket, Key: label.key }), {
      expiresIn: seconds,
    });
  }
}
