import type { Notice, NoticeLedger, NoticeState } from '../src/domain/ports.ts';

/** The notice ledger in memory, for use-case and handler tests; `failNextMarkSent` cuts an attempt off after the send. */
export class InMemoryNoticeLedger implements NoticeLedger {
  readonly records = new Map<string, { state: NoticeState; messageId?: string }>();
  #markSentFailures: Error[] = [];

  failNextMarkSent(error: Error): void {
    this.#markSentFailures.push(error);
  }

  async claim(notice: Notice): Promise<'claimed' | NoticeState> {
    const existing = this.records.get(keyOf(notice));
    if (existing) return existing.state;
    this.records.set(keyOf(notice), { state: 'SENDING' });
    return 'claimed';
  }

  async markSent(notice: Notice, messageId: string): Promise<void> {
    const failure = this.#markSentFailures.shift();
    if (failure) throw failure;
    this.records.set(keyOf(notice), { state: 'SENT', messageId });
  }

  async release(notice: Notice): Promise<void> {
    if (this.records.get(keyOf(notice))?.state === 'SENDING') this.records.delete(keyOf(notice));
  }

  stateOf(orderId: string, kind: string): NoticeState | undefined {
    return this.records.get(`${orderId}#${kind}`)?.state;
  }
}

function keyOf(notice: Notice): string {
  return `${notice.orderId}#${notice.kind}`;
}
