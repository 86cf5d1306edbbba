import { connect } from 'node:net';

/**
 * Requests no well-behaved client sends, as raw bytes: each class is a way a listener has been
 * brought down (bad percent-encoding, bad Host, absolute targets that are not URLs, bodies cut
 * off, broken chunked encoding, oversized headers and bodies, garbage). `send` writes one on a
 * fresh connection and returns what came back, if anything, once the server answered or closed.
 */
export interface MalformedRequest {
  readonly name: string;
  readonly bytes: Buffer;
  /** Close the socket right after writing (a client that goes away mid-request). */
  readonly hangUp?: boolean;
}

const req = (lines: string[], body = ''): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');

export function malformedRequestBattery(host: string): MalformedRequest[] {
  const big = 'x'.repeat(20_000);
  return [
    { name: 'bad percent-encoding in the path', bytes: req(['GET /orders/%E0%A4%A HTTP/1.1', `Host: ${host}`]) },
    { name: 'percent-encoding of invalid UTF-8', bytes: req(['GET /orders/%C0%AF%FF HTTP/1.1', `Host: ${host}`]) },
    { name: 'a lone percent sign', bytes: req(['GET /__local/trace/% HTTP/1.1', `Host: ${host}`]) },
    { name: 'a Host header that is not a host', bytes: req(['GET /orders/x HTTP/1.1', 'Host: [::bad']) },
    { name: 'a Host header with spaces', bytes: req(['GET / HTTP/1.1', 'Host: a b c']) },
    { name: 'two Host headers', bytes: req(['GET / HTTP/1.1', `Host: ${host}`, 'Host: other']) },
    { name: 'an absolute target that is not a URL', bytes: req(['GET http://[::1 HTTP/1.1', `Host: ${host}`]) },
    {
      name: 'an absolute target with a bad port',
      bytes: req(['GET http://localhost:99999/x HTTP/1.1', `Host: ${host}`]),
    },
    { name: 'a target that is neither path nor URL', bytes: req(['GET orders HTTP/1.1', `Host: ${host}`]) },
    { name: 'a protocol-relative target', bytes: req(['GET //evil.example/x HTTP/1.1', `Host: ${host}`]) },
    { name: 'asterisk target', bytes: req(['OPTIONS * HTTP/1.1', `Host: ${host}`]) },
    { name: 'CONNECT', bytes: req(['CONNECT localhost:1 HTTP/1.1', `Host: ${host}`]) },
    {
      name: 'body cut off before Content-Length',
      bytes: req(
        ['POST /orders HTTP/1.1', `Host: ${host}`, 'Content-Type: application/json', 'Content-Length: 1000'],
        '{"a":',
      ),
      hangUp: true,
    },
    {
      name: 'chunked body cut off',
      bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Transfer-Encoding: chunked'], '10\r\nabc'),
      hangUp: true,
    },
    {
      name: 'broken chunked encoding',
      bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Transfer-Encoding: chunked'], 'zz\r\nhello\r\n0\r\n\r\n'),
    },
    {
      name: 'chunk size overflow',
      bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Transfer-Encoding: chunked'], 'ffffffffffffffffffff\r\nx\r\n'),
    },
    {
      name: 'Content-Length and Transfer-Encoding together',
      bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
    },
    { name: 'a negative Content-Length', bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Content-Length: -1']) },
    {
      name: 'a Content-Length that is not a number',
      bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Content-Length: ten']),
    },
    {
      name: 'a Content-Length far over any limit',
      bytes: req(['POST / HTTP/1.1', `Host: ${host}`, 'Content-Length: 99999999999']),
      hangUp: true,
    },
    {
      name: 'headers larger than the limit',
      bytes: req(['GET / HTTP/1.1', `Host: ${host}`, ...Array(8).fill(`X-Big: ${big}`)]),
    },
    { name: 'a header without a colon', bytes: req(['GET / HTTP/1.1', `Host: ${host}`, 'NoColonHere']) },
    { name: 'a header with a control character', bytes: req(['GET / HTTP/1.1', `Host: ${host}`, 'X-A: a\u0001b']) },
    { name: 'an unknown method', bytes: req(['BREW /pot HTTP/1.1', `Host: ${host}`]) },
    { name: 'a lower-case method', bytes: req(['get / HTTP/1.1', `Host: ${host}`]) },
    { name: 'HTTP/9.9', bytes: req(['GET / HTTP/9.9', `Host: ${host}`]) },
    { name: 'HTTP/1.0 without Host', bytes: req(['GET /__local/health HTTP/1.0']) },
    { name: 'garbage bytes', bytes: Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]) },
    { name: 'a TLS ClientHello on a plain port', bytes: Buffer.from('16030100a5010000a10303', 'hex') },
    { name: 'an empty request line', bytes: Buffer.from('\r\n\r\n\r\n') },
    {
      name: 'JSON nested a hundred thousand deep to an AWS JSON API',
      bytes: req(
        [
          'POST / HTTP/1.1',
          `Host: ${host}`,
          'X-Amz-Target: AWSEvents.PutEvents',
          'Content-Type: application/x-amz-json-1.1',
          `Content-Length: ${200_000}`,
        ],
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      ),
    },
    {
      name: 'a PutEvents Detail nested twenty thousand deep, under 256 KB',
      bytes: (() => {
        const detail = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
        const body = JSON.stringify({
          Entries: [{ Source: 's', DetailType: 'd', Detail: detail, EventBusName: 'default' }],
        });
        return req(
          [
            'POST / HTTP/1.1',
            `Host: ${host}`,
            'X-Amz-Target: AWSEvents.PutEvents',
            'Content-Type: application/x-amz-json-1.1',
            `Content-Length: ${Buffer.byteLength(body)}`,
          ],
          body,
        );
      })(),
    },
    {
      name: 'a JSON body that is not an object to an AWS JSON API',
      bytes: req(
        [
          'POST / HTTP/1.1',
          `Host: ${host}`,
          'X-Amz-Target: AmazonSQS.ListQueues',
          'Content-Type: application/x-amz-json-1.0',
          'Content-Length: 4',
        ],
        'null',
      ),
    },
    {
      name: 'a JSON array body to an AWS JSON API',
      bytes: req(
        [
          'POST / HTTP/1.1',
          `Host: ${host}`,
          'X-Amz-Target: AWSEvents.PutEvents',
          'Content-Type: application/x-amz-json-1.1',
          'Content-Length: 2',
        ],
        '[]',
      ),
    },
    {
      name: 'PutEvents with entries of the wrong types',
      bytes: (() => {
        const body = JSON.stringify({ Entries: [null, 1, 'x', { Source: 1, Detail: {}, DetailType: [] }] });
        return req(
          [
            'POST / HTTP/1.1',
            `Host: ${host}`,
            'X-Amz-Target: AWSEvents.PutEvents',
            'Content-Type: application/x-amz-json-1.1',
            `Content-Length: ${body.length}`,
          ],
          body,
        );
      })(),
    },
    {
      name: 'a query-protocol body with bad percent-encoding',
      bytes: req(
        ['POST / HTTP/1.1', `Host: ${host}`, 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 27'],
        'Action=ListQueues&x=%E0%A4%',
      ),
    },
    {
      name: 'a Lambda invoke path with bad encoding',
      bytes: req(['POST /2015-03-31/functions/%ZZ/invocations HTTP/1.1', `Host: ${host}`, 'Content-Length: 0']),
    },
    {
      name: 'a queue URL path with bad encoding',
      bytes: req(['POST /000000000000/%E0%A4 HTTP/1.1', `Host: ${host}`, 'Content-Length: 0']),
    },
  ];
}

/** Writes raw bytes on a new connection; resolves with what the server sent once it closed or after `waitMs` quiet. */
export function sendRaw(port: number, request: MalformedRequest, waitMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(received).toString('latin1'));
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(done, 50);
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      socket.write(request.bytes, () => {
        if (request.hangUp) setImmediate(done);
      });
      timer = setTimeout(done, waitMs);
    });
  });
}

/** The status code of a raw HTTP answer, or undefined when the server closed without one. */
export function statusOf(answer: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match ? Number(match[1]) : undefined;
}
