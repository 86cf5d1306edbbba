import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformedRequestBattery, sendRaw, statusOf } from '../../../tests/support/malformed-requests.ts';
import { HardenedListener, type ListenerAnswer, type ListenerRequest } from './listener.ts';
import { refuseNonLoopback } from './loopback.ts';

const logs: string[] = [];
const seen: ListenerRequest[] = [];
let port = 0;

/** A handler that echoes what it received, throws on `/throw` and builds broken answers on `/broken/*`. */
async function handle(request: ListenerRequest): Promise<ListenerAnswer> {
  seen.push(request);
  if (request.path === '/throw') throw new Error('a bug nobody expected');
  if (request.path === '/broken/status') return { status: 42, headers: {}, body: '' };
  if (request.path === '/broken/header') return { status: 200, headers: { 'x-bad': 'a\r\nb' }, body: '' };
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: request.path, query: request.rawQuery, bytes: request.body.length }),
  };
}

const listener = new HardenedListener(handle, {
  name: 'test',
  maxBodyBytes: 1024,
  refusal: (status, message) => ({ status, headers: { 'content-type': 'text/plain' }, body: message }),
  internalError: () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal' }),
  admit: (request) => {
    const reason = refuseNonLoopback(request.headers);
    return reason ? { status: 403, headers: {}, body: reason } : undefined;
  },
  onLog: (line) => logs.push(line),
});

beforeAll(async () => {
  port = await listener.listen(0);
});
afterAll(() => listener.close());

async function servesNormalRequest(): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/health?x=1`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ path: '/health', query: 'x=1', bytes: 0 });
}

describe('HardenedListener', () => {
  it('answers each malformed request of the battery with a 4xx or closes that connection, and keeps serving', async () => {
    for (const request of malformedRequestBattery(`127.0.0.1:${port}`)) {
      const status = statusOf(await sendRaw(port, request, 500));
      if (status !== undefined)
        expect({ name: request.name, status: status < 500 }).toEqual({ name: request.name, status: true });
    }
    await servesNormalRequest();
  });

  it('refuses a path with malformed percent-encoding with 400 before the handler sees it', async () => {
    const before = seen.length;
    const answer = await sendRaw(port, {
      name: 'bad',
      bytes: Buffer.from(`GET /a/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\n\r\n`),
    });
    expect(statusOf(answer)).toBe(400);
    expect(answer).toContain('malformed percent-encoding');
    expect(seen.length).toBe(before);
  });

  it('reads the path and query of an absolute-form target', async () => {
    const answer = await sendRaw(port, {
      name: 'absolute',
      bytes: Buffer.from(`GET http://localhost/abs/path?q=1 HTTP/1.1\r\nHost: localhost\r\n\r\n`),
    });
    expect(statusOf(answer)).toBe(200);
    expect(answer).toContain('{"path":"/abs/path","query":"q=1","bytes":0}');
  });

  it('refuses a body over the limit with 413, by its declared length or as it streams in', async () => {
    const declared = await fetch(`http://127.0.0.1:${port}/upload`, { method: 'POST', body: 'x'.repeat(2048) });
    expect(declared.status).toBe(413);
    const chunked = await sendRaw(port, {
      name: 'chunked',
      bytes: Buffer.from(
        `POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n${'y'.repeat(1024)}\r\n10\r\n${'z'.repeat(16)}\r\n0\r\n\r\n`,
      ),
    });
    expect(statusOf(chunked)).toBe(413);
    const within = await fetch(`http://127.0.0.1:${port}/upload`, { method: 'POST', body: 'x'.repeat(1024) });
    expect(await within.json()).toMatchObject({ bytes: 1024 });
  });

  it('answers an exception of the handler with the internal error, logs its stack, and keeps serving', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/throw`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('internal');
    expect(logs.some((line) => line.includes('a bug nobody expected') && line.includes('listener.test.ts'))).toBe(true);
    await servesNormalRequest();
  });

  it('turns an answer Node cannot send (bad status, header with CRLF) into the internal error', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/broken/status`)).status).toBe(500);
    const header = await sendRaw(port, {
      name: 'h',
      bytes: Buffer.from('GET /broken/header HTTP/1.1\r\nHost: localhost\r\n\r\n'),
    });
    expect(statusOf(header)).toBe(500);
    expect(header).not.toContain('x-bad');
  });

  it('costs nothing when a client goes away in the middle of a body', async () => {
    const before = seen.length;
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 500\r\n\r\nabc', () => {
          socket.destroy();
          resolve();
        });
      });
    });
    await servesNormalRequest();
    expect(seen.length).toBe(before + 1); // only the health check reached the handler
  });

  it('refuses a Host that is not a loopback name and a page of another origin with 403', async () => {
    const rebound = await sendRaw(port, {
      name: 'rebind',
      bytes: Buffer.from('GET /x HTTP/1.1\r\nHost: attacker.example:4566\r\n\r\n'),
    });
    expect(statusOf(rebound)).toBe(403);
    const crossSite = await fetch(`http://127.0.0.1:${port}/x`, {
      method: 'POST',
      headers: { origin: 'https://attacker.example' },
    });
    expect(crossSite.status).toBe(403);
    const sameMachine = await fetch(`http://127.0.0.1:${port}/x`, { headers: { origin: 'http://localhost:5173' } });
    expect(sameMachine.status).toBe(200);
  });

  it('survives thousands of generated malformed requests and still serves a normal one (property)', async () => {
    const statuses: Record<string, number> = {};
    // Mostly well-formed parts, each sometimes replaced by anything: requests reach every stage
    // of the listener (parser, target, admission, body, handler), not only the parser's 400.
    const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: unusual, weight: 1 });
    const token = fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~0-9-]{1,12}$/);
    const anyText = fc.string({ unit: 'binary', maxLength: 60 });
    const target = mostly(
      fc.oneof(
        fc.stringMatching(/^\/[-A-Za-z0-9%._~!$&'()*+,;=:@/?#[\]]{0,40}$/),
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
      ),
      anyText,
    );
    const header = fc.tuple(mostly(token, anyText), mostly(fc.string({ maxLength: 40 }), anyText));
    const request = fc.record({
      method: mostly(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'), token),
      target,
      version: mostly(fc.constant('HTTP/1.1'), fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '')),
      host: mostly(fc.constantFrom('localhost', `127.0.0.1:${port}`, '[::1]'), fc.oneof(fc.domain(), anyText)),
      headers: fc.array(header, { maxLength: 6 }),
      framing: fc.constantFrom('none', 'length', 'wrong-length', 'chunked', 'broken-chunked'),
      body: fc.uint8Array({ maxLength: 1500 }),
      cut: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.nat(), weight: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const body = Buffer.from(r.body);
        const framing: Record<string, string> = {
          none: '',
          length: `Content-Length: ${body.length}\r\n`,
          'wrong-length': `Content-Length: ${body.length + 7}\r\n`,
          chunked: 'Transfer-Encoding: chunked\r\n',
          'broken-chunked': 'Transfer-Encoding: chunked\r\n',
        };
        const payload =
          r.framing === 'chunked'
            ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
            : r.framing === 'broken-chunked'
              ? Buffer.concat([Buffer.from('zz\r\n'), body])
              : body;
        const head = `${r.method} ${r.target} ${r.version}\r\nHost: ${r.host}\r\n${r.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}${framing[r.framing]}\r\n`;
        let bytes = Buffer.concat([Buffer.from(head, 'latin1'), payload]);
        if (r.cut !== undefined) bytes = bytes.subarray(0, r.cut % (bytes.length + 1));
        const status = statusOf(
          await sendRaw(
            port,
            { name: 'generated', bytes, hangUp: r.cut !== undefined || r.framing === 'wrong-length' },
            100,
          ),
        );
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        return status === undefined || status < 500 || status === 505;
      }),
      { numRuns: 1500 },
    );
    // The generated requests reached the parser, the admission check and the handler.
    expect(Object.keys(statuses)).toEqual(expect.arrayContaining(['200', '400', '403']));
    await servesNormalRequest();
    expect(
      logs.filter((line) => line.includes('failed unexpectedly') && !line.includes('a bug nobody expected')),
    ).toEqual([]);
  }, 120_000);
});
