import { createHash } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StoredDocument } from '../domain/fulfillment-record.ts';
import type { DocumentStore } from '../domain/ports.ts';

/**
 * Fulfillment's documents bucket (Amazon S3): the labels OrderShipped refers to. PutObject
 * replaces an object of the same key, so a retried step stores once; DeleteObject of a missing
 * key succeeds, so a repeated compensation is harmless. The bucket's lifecycle rule removes
 * labels once nobody needs them.
 */
export class S3DocumentStore implements DocumentStore {
  readonly #client: Pick<S3Client, 'send'>;
  readonly #bucket: string;

  constructor(client: Pick<S3Client, 'send'>, bucket: string) {
    this.#client = client;
    this.#bucket = bucket;
  }

  async store(key: string, document: { contentType: string; body: string }): Promise<StoredDocument> {
    const body = Buffer.from(document.body, 'utf8');
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ContentType: document.contentType }),
    );
    return {
      bucket: this.#bucket,
      key,
      contentType: document.contentType,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
  }

  async remove(document: StoredDocument): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: document.bucket, Key: document.key }));
  }
}
