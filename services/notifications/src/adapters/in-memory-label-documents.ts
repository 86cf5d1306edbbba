import { createHash } from 'node:crypto';
import type { LabelReference } from '../domain/notification.ts';
import type { LabelDocuments } from '../domain/ports.ts';

/** Label documents in a map of key to content, for use-case and handler tests. */
export class InMemoryLabelDocuments implements LabelDocuments {
  readonly documents = new Map<string, string>();

  /** Stores a document and answers the reference an OrderShipped would carry for it. */
  put(bucket: string, key: string, content: string): LabelReference {
    this.documents.set(key, content);
    const bytes = Buffer.from(content, 'utf8');
    return {
      bucket,
      key,
      contentType: 'image/svg+xml',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  }

  async check(label: LabelReference): Promise<'intact' | 'missing' | 'altered'> {
    const content = this.documents.get(label.key);
    if (content === undefined) return 'missing';
    const sha256 = createHash('sha256').update(content, 'utf8').digest('hex');
    return sha256 === label.sha256 ? 'intact' : 'altered';
  }

  async link(label: LabelReference, seconds: number): Promise<string> {
    return `https://documents.example/${label.bucket}/${label.key}?expires=${seconds}`;
  }
}
