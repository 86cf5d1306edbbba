import type { EmailSender, OutgoingEmail } from '../domain/ports.ts';

/** An outbox in memory, for use-case and handler tests: records every e-mail, can be made to fail. */
export class InMemoryEmailSender implements EmailSender {
  readonly sent: Array<OutgoingEmail & { messageId: string }> = [];
  #failures: Error[] = [];

  /** The next `send` calls throw these errors, one each, in order. */
  failNext(...errors: Error[]): void {
    this.#failures.push(...errors);
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const failure = this.#failures.shift();
    if (failure) throw failure;
    const messageId = `message-${this.sent.length + 1}`;
    this.sent.push({ ...email, messageId });
    return { messageId };
  }
}
