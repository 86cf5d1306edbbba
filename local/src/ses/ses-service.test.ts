import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAccountCommand, SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { createSesService, mailboxQueryOf, type SesService } from './index.ts';

interface Edge {
  readonly url: string;
  readonly ses: SesService;
  readonly client: SESv2Client;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const path = mkdtempSync(join(tmpdir(), 'ses-test-'));
  cleanups.push(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

/** The SES edge service behind a real HTTP server, and an SDK v3 client pointed at it. */
async function startEdge(dataDir: string, clock?: () => Date): Promise<Edge> {
  const ses = createSesService({ dataDir, ...(clock ? { clock } : {}) });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const edgeRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      if (!ses.edge.claims(edgeRequest)) {
        response.writeHead(404).end('not claimed');
        return;
      }
      ses.edge.handle(edgeRequest).then(
        (answer) => response.writeHead(answer.status, answer.headers).end(answer.body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SESv2Client({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const edge = {
    url,
    ses,
    client,
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ses.close();
    },
  };
  cleanups.push(() => edge.close());
  return edge;
}

const simpleEmail = (overrides: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput => ({
  FromEmailAddress: 'Shop <orders@shop.example>',
  Destination: { ToAddresses: ['ada@example.com'] },
  Content: {
    Simple: {
      Subject: { Data: 'Your order is confirmed' },
      Body: { Text: { Data: 'Thank you for your order.' } },
    },
  },
  ...overrides,
});

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return { name: error.name, message: error.message };
  }
  throw new Error('expected the call to fail');
}

describe('SES v2 SendEmail through @aws-sdk/client-sesv2', () => {
  it('answers a MessageId and keeps the message in the mailbox', async () => {
    const edge = await startEdge(tempDir(), () => new Date('2026-01-02T03:04:05.000Z'));

    const { MessageId } = await edge.client.send(
      new SendEmailCommand(simpleEmail({ EmailTags: [{ Name: 'event', Value: 'OrderConfirmed' }] })),
    );

    expect(MessageId).toMatch(/^[0-9a-f]{16}-[0-9a-f-]{36}-000000$/);
    expect(edge.ses.listMailbox()).toEqual([
      expect.objectContaining({
        messageId: MessageId,
        api: 'sesv2',
        sentAt: '2026-01-02T03:04:05.000Z',
        from: 'Shop <orders@shop.example>',
        to: ['ada@example.com'],
        subject: 'Your order is confirmed',
        text: 'Thank you for your order.',
        tags: { event: 'OrderConfirmed' },
      }),
    ]);
  });

  it('finds the messages one address received, as To, Cc or Bcc, ignoring case and display names', async () => {
    const edge = await startEdge(tempDir());
    await edge.client.send(new SendEmailCommand(simpleEmail()));
    await edge.client.send(new SendEmailCommand(simpleEmail({ Destination: { ToAddresses: ['bob@example.com'] } })));
    await edge.client.send(
      new SendEmailCommand(
        simpleEmail({ Destination: { ToAddresses: ['bob@example.com'], BccAddresses: ['Ada <ADA@example.com>'] } }),
      ),
    );

    const forAda = edge.ses.listMailbox({ to: 'Ada@Example.com' });

    expect(forAda).toHaveLength(2);
    expect(forAda.map((message) => message.bcc)).toEqual([['Ada <ADA@example.com>'], []]);
  });

  it('lists the newest message first and honours the limit', async () => {
    const edge = await startEdge(tempDir());
    for (const subject of ['first', 'second', 'third']) {
      await edge.client.send(
        new SendEmailCommand(
          simpleEmail({ Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: '.' } } } } }),
        ),
      );
    }

    expect(edge.ses.listMailbox({ limit: 2 }).map((message) => message.subject)).toEqual(['third', 'second']);
  });

  it('keeps the mailbox across a restart', async () => {
    const dataDir = tempDir();
    const first = await startEdge(dataDir);
    const { MessageId } = await first.client.send(new SendEmailCommand(simpleEmail()));
    await first.close();

    const second = await startEdge(dataDir);

    expect(second.ses.getMessage(MessageId ?? '')?.subject).toBe('Your order is confirmed');
  });

  it('sends a raw MIME message to the recipients its headers name', async () => {
    const edge = await startEdge(tempDir());
    const mime = [
      'From: orders@shop.example',
      'To: "Lovelace, Ada" <ada@example.com>, bob@example.com',
      'Subject: Your order',
      ' has shipped',
      '',
      'Tracking number 1Z999.',
    ].join('\r\n');

    await edge.client.send(new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }));

    expect(edge.ses.listMailbox()[0]).toMatchObject({
      from: 'orders@shop.example',
      to: ['"Lovelace, Ada" <ada@example.com>', 'bob@example.com'],
      subject: 'Your order has shipped',
      text: 'Tracking number 1Z999.',
      raw: mime,
    });
  });

  it('refuses a message without recipients with BadRequestException', async () => {
    const edge = await startEdge(tempDir());

    const error = await errorOf(edge.client.send(new SendEmailCommand(simpleEmail({ Destination: {} }))));

    expect(error.name).toBe('BadRequestException');
    expect(edge.ses.listMailbox()).toEqual([]);
  });

  it('refuses more than 50 recipients', async () => {
    const edge = await startEdge(tempDir());
    const many = Array.from({ length: 51 }, (_, i) => `customer${i}@example.com`);

    const error = await errorOf(
      edge.client.send(new SendEmailCommand(simpleEmail({ Destination: { ToAddresses: many } }))),
    );

    expect(error).toEqual({ name: 'BadRequestException', message: 'Recipient count exceeds 50.' });
  });

  it('refuses an address without a domain', async () => {
    const edge = await startEdge(tempDir());

    const error = await errorOf(
      edge.client.send(new SendEmailCommand(simpleEmail({ Destination: { ToAddresses: ['ada'] } }))),
    );

    expect(error).toEqual({ name: 'BadRequestException', message: 'Illegal address: ada' });
  });

  it('refuses a message without a body with MessageRejected', async () => {
    const edge = await startEdge(tempDir());

    const error = await errorOf(
      edge.client.send(
        new SendEmailCommand(simpleEmail({ Content: { Simple: { Subject: { Data: 's' }, Body: {} } } })),
      ),
    );

    expect(error.name).toBe('MessageRejected');
  });

  it('names templated content as not supported', async () => {
    const edge = await startEdge(tempDir());

    const error = await errorOf(
      edge.client.send(new SendEmailCommand(simpleEmail({ Content: { Template: { TemplateName: 'order' } } }))),
    );

    expect(error.message).toBe("Templated content (Content.Template) is not supported by the local cloud's SES.");
  });

  it('answers other SES v2 operations with an error naming them', async () => {
    const edge = await startEdge(tempDir());

    const error = await errorOf(edge.client.send(new GetAccountCommand({})));

    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toContain('GET /v2/email/account');
  });
});

describe('SES classic SendEmail (query protocol)', () => {
  async function post(url: string, form: Record<string, string>): Promise<{ status: number; body: string }> {
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Version: '2010-12-01', ...form }).toString(),
    });
    return { status: response.status, body: await response.text() };
  }

  it('answers the MessageId in XML and keeps the message', async () => {
    const edge = await startEdge(tempDir());

    const { status, body } = await post(edge.url, {
      Action: 'SendEmail',
      Source: 'orders@shop.example',
      'Destination.ToAddresses.member.1': 'ada@example.com',
      'Destination.CcAddresses.member.1': 'bob@example.com',
      'Message.Subject.Data': 'Your order is confirmed',
      'Message.Body.Text.Data': 'Thank you.',
    });

    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(body)?.[1];
    expect(status).toBe(200);
    expect(body).toContain('<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">');
    expect(edge.ses.getMessage(messageId ?? '')).toMatchObject({
      api: 'ses',
      to: ['ada@example.com'],
      cc: ['bob@example.com'],
      text: 'Thank you.',
    });
  });

  it('answers a missing Source with a ValidationError in XML', async () => {
    const edge = await startEdge(tempDir());

    const { status, body } = await post(edge.url, {
      Action: 'SendEmail',
      'Destination.ToAddresses.member.1': 'ada@example.com',
      'Message.Subject.Data': 's',
      'Message.Body.Text.Data': 't',
    });

    expect(status).toBe(400);
    expect(body).toContain('<Code>ValidationError</Code>');
    expect(body).toContain("Value null at 'source' failed to satisfy constraint");
  });
});

describe('mailboxQueryOf', () => {
  it('reads the recipient and a positive limit from the query string', () => {
    expect(mailboxQueryOf(new URLSearchParams('to=ada@example.com&limit=5'))).toEqual({
      to: 'ada@example.com',
      limit: 5,
    });
    expect(mailboxQueryOf(new URLSearchParams('limit=-1'))).toEqual({});
  });
});
