import type { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { type SendEmailClient, SesV2EmailSender } from './sesv2-email-sender.ts';

const EMAIL = {
  from: 'orders@shop.example',
  to: 'ada.lovelace@example.com',
  subject: 'Your order is confirmed',
  text: 'Thank you.',
  tags: { event: 'OrderConfirmed' },
};

describe('SesV2EmailSender', () => {
  it('sends a simple UTF-8 text e-mail to one recipient, with the tags, and returns the MessageId', async () => {
    const inputs: SendEmailCommand['input'][] = [];
    const client: SendEmailClient = {
      send: async (command) => {
        inputs.push(command.input);
        return { MessageId: '0100019a-uuid-000000' };
      },
    };

    const result = await new SesV2EmailSender(client).send(EMAIL);

    expect(result).toEqual({ messageId: '0100019a-uuid-000000' });
    expect(inputs).toEqual([
      {
        FromEmailAddress: 'orders@shop.example',
        Destination: { ToAddresses: ['ada.lovelace@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Your order is confirmed', Charset: 'UTF-8' },
            Body: { Text: { Data: 'Thank you.', Charset: 'UTF-8' } },
          },
        },
        EmailTags: [{ Name: 'event', Value: 'OrderConfirmed' }],
      },
    ]);
  });

  it('lets an SES error through, so the record is retried', async () => {
    const rejected = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
    const client: SendEmailClient = {
      send: async () => {
        throw rejected;
      },
    };

    await expect(new SesV2EmailSender(client).send(EMAIL)).rejects.toBe(rejected);
  });
});
