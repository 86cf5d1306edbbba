import { createHash } from 'node:crypto';
import type { StoredDocument } from '../domain/fulfillment-record.ts';
import type { DocumentStore } from '../domain/ports.ts';

/** A DocumentStore in a map, for use-case and handler tests. */
export class InMemoryDocumentStore implements DocumentStore {
  readonly objects = new Map<string, { contentType: string; body: string }>();

  constructor(readonly bucket = 'shop-fulfillment-test-documents') {}

  async store(key: string, document: { contentType: string; body: string }): Promise<StoredDocument> {
    this.objects.set(key, document);
    const body = Buffer.from(document.body, 'utf8');
    return {
      bucket: this.bucket,
      key,
      contentType: document.contentType,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
  }

  async remove(document: StoredDocument): Promise<void> {
    this.objects.delete(document.key);
  }
}
