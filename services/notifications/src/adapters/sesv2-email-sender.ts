import { SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutgoingEmail } from '../domain/ports.ts';

/** The one SES v2 client method the sender calls; `SESv2Client` satisfies it. */
export interface SendEmailClient {
  send(command: SendEmailCommand): Promise<Pick<SendEmailCommandOutput, 'MessageId'>>;
}

/**
 * Sends through Amazon SES API v2 `SendEmail` (Simple content, UTF-8). Any error (throttling,
 * `MessageRejected` for an unverified identity in the SES sandbox) propagates: the record
 * fails and is retried, and a lasting failure ends in the queue's DLQ.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 */
export class SesV2EmailSender implements EmailSender {
  readonly #client: SendEmailClient;

  constructor(client: SendEmailClient) {
    this.#client = client;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const output = await this.#client.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
        // Tag values allow only letters, digits, _ and -; ours are event names.
        EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    if (!output.MessageId) throw new Error('SES accepted the e-mail without a MessageId');
    return { messageId: output.MessageId };
  }
}
