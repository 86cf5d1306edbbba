import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseRequestTarget } from './request-target.ts';

/** One request, read whole and checked: what a listener's handler sees. */
export interface ListenerRequest {
  readonly requestId: string;
  readonly method: string;
  /** The path as sent (still percent-encoded), without the query string. */
  readonly path: string;
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly httpVersion: string;
  readonly remoteAddress: string;
}

export interface ListenerAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | Buffer;
  /**
   * A long-lived answer (server-sent events): after the head and `body`, `stream` writes more
   * as it comes, until the client goes away (then `onClose` listeners run) or the listener stops.
   */
  readonly stream?: (write: (chunk: string) => void, onClose: (listener: () => void) => void) => void;
}

export interface ListenerOptions {
  /** Names the listener in its log lines (`edge`, `http-api`). */
  readonly name: string;
  /** Bodies larger than this are refused with 413 before they are read whole. */
  readonly maxBodyBytes: number;
  /** The answer for a request refused before it reaches the handler (400, 413, 403...), in the listener's own shape. */
  refusal(status: number, message: string, requestId: string): ListenerAnswer;
  /** The answer when the handler throws what nobody expected; the listener logs the stack. */
  internalError(requestId: string): ListenerAnswer;
  /** A gate before the body is read (Host and Origin checks): an answer refuses the request. */
  admit?(request: Omit<ListenerRequest, 'body'>): ListenerAnswer | undefined;
  /** Log lines: refused connections and unexpected exceptions with their stack. */
  readonly onLog?: (line: string) => void;
}

export type ListenerHandler = (request: ListenerRequest) => Promise<ListenerAnswer>;

/** How long a client may take to send its headers, and its whole request (slow clients hold a socket each). */
const HEADERS_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * An HTTP/1.1 listener that no client can bring down. Every way a request can be wrong is
 * handled where it arises: the parser's errors (bad request line, header, chunked encoding,
 * oversized headers) answer on the socket; a request target that is not a path or an absolute
 * URL is a 400; a body over the limit is a 413 and the connection closes; a client that goes
 * away mid-body costs nothing; an answer the handler built wrongly (a status or header Node
 * refuses to send) becomes the listener's internal error. Only an exception nobody expected
 * reaches `internalError`, and it is logged with its stack; the process keeps serving.
 */
export class HardenedListener {
  readonly #server: Server;
  readonly #options: ListenerOptions;
  readonly #handle: ListenerHandler;

  constructor(handle: ListenerHandler, options: ListenerOptions) {
    this.#handle = handle;
    this.#options = options;
    this.#server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, (i, o) => {
      this.#serve(i, o).catch((error: unknown) => this.#unexpected(error, o, 'unknown'));
    });
    this.#server.keepAliveTimeout = 65_000;
    this.#server.on('clientError', (error, socket) => answerClientError(error, socket as Socket));
  }

  get server(): Server {
    return this.#server;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    // After start-up, a server error (EMFILE on accept, say) is logged, never thrown.
    this.#server.on('error', (error) => this.#options.onLog?.(`${this.#options.name}: server error: ${error.message}`));
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    // A client that resets its connection makes the response's socket emit; nothing to do then.
    outgoing.on('error', () => {});
    incoming.on('error', () => {});
    const target = parseRequestTarget(incoming.url ?? '');
    if (!target.ok) {
      this.#write(outgoing, this.#options.refusal(400, target.reason, requestId), requestId, { close: true });
      return;
    }
    const head = {
      requestId,
      method: incoming.method ?? 'GET',
      path: target.path,
      rawQuery: target.rawQuery,
      query: new URLSearchParams(target.rawQuery),
      headers: incoming.headers,
      httpVersion: incoming.httpVersion,
      remoteAddress: incoming.socket.remoteAddress ?? '',
    };
    const refused = this.#options.admit?.(head);
    if (refused) {
      this.#write(outgoing, refused, requestId, { close: true });
      return;
    }
    const read = await readBody(incoming, this.#options.maxBodyBytes);
    if (read.outcome === 'aborted') return; // the client is gone: nobody to answer
    if (read.outcome === 'too-large') {
      const limit = `${this.#options.maxBodyBytes} bytes`;
      // Read and discard the rest (within a bound), so the client can finish sending and read
      // the 413; a client that sends far more than that has its connection closed.
      const close = !discardBody(incoming, this.#options.maxBodyBytes + DISCARD_BYTES);
      this.#write(outgoing, this.#options.refusal(413, `The request body exceeds ${limit}.`, requestId), requestId, {
        close,
      });
      return;
    }
    let answer: ListenerAnswer;
    try {
      answer = await this.#handle({ ...head, body: read.body });
    } catch (error) {
      this.#unexpected(error, outgoing, requestId);
      return;
    }
    this.#write(outgoing, answer, requestId);
  }

  #unexpected(error: unknown, outgoing: ServerResponse, requestId: string): void {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.#options.onLog?.(`${this.#options.name}: request ${requestId} failed unexpectedly: ${stack}`);
    this.#write(outgoing, this.#options.internalError(requestId), requestId, { close: true });
  }

  #write(outgoing: ServerResponse, answer: ListenerAnswer, requestId: string, options: { close?: boolean } = {}): void {
    if (outgoing.headersSent || outgoing.destroyed) return;
    const problem = invalidAnswer(answer);
    if (problem) {
      this.#options.onLog?.(`${this.#options.name}: request ${requestId} built an answer Node cannot send: ${problem}`);
      const fallback = this.#options.internalError(requestId);
      if (invalidAnswer(fallback)) {
        outgoing.destroy();
        return;
      }
      answer = fallback;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers))
      headers[name] = typeof value === 'string' ? value : [...value];
    if (options.close) headers.connection = 'close';
    outgoing.writeHead(answer.status, headers);
    if (!answer.stream) {
      outgoing.end(answer.body);
      return;
    }
    outgoing.write(answer.body);
    const closers: Array<() => void> = [];
    outgoing.on('close', () => {
      for (const close of closers.splice(0)) close();
    });
    answer.stream(
      (chunk) => {
        if (!outgoing.destroyed && !outgoing.writableEnded) outgoing.write(chunk);
      },
      (listener) => closers.push(listener),
    );
  }
}

/** How much more than the limit a refused body may still send, to be read and thrown away. */
const DISCARD_BYTES = 16 * 1024 * 1024;

/**
 * Discards the rest of a refused body; false (and nothing read) when the client declared more
 * than `bound` bytes, so the connection is closed after the answer instead.
 */
function discardBody(incoming: IncomingMessage, bound: number): boolean {
  if (Number(incoming.headers['content-length'] ?? 0) > bound) return false;
  let discarded = 0;
  incoming.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > bound) incoming.socket.destroy();
  });
  incoming.resume();
  return true;
}

type BodyRead = { outcome: 'read'; body: Buffer } | { outcome: 'too-large' } | { outcome: 'aborted' };

/** Reads the body up to `limit` bytes; a declared or streamed size over it stops reading at once. */
function readBody(incoming: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(incoming.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve({ outcome: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onGone);
      incoming.off('aborted', onGone);
      incoming.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        incoming.pause();
        finish({ outcome: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ outcome: 'read', body: Buffer.concat(chunks) });
    const onGone = () => finish({ outcome: 'aborted' });
    const onClose = () => {
      if (!incoming.complete) onGone();
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onGone);
    incoming.on('aborted', onGone);
    incoming.on('close', onClose);
  });
}

/** Why Node would refuse to send this answer (status or header), or undefined when it can. */
function invalidAnswer(answer: ListenerAnswer): string | undefined {
  if (!Number.isInteger(answer.status) || answer.status < 100 || answer.status > 999) {
    return `status ${String(answer.status)}`;
  }
  if (typeof answer.body !== 'string' && !Buffer.isBuffer(answer.body)) return 'a body that is neither text nor bytes';
  for (const [name, value] of Object.entries(answer.headers)) {
    try {
      validateHeaderName(name);
      for (const item of typeof value === 'string' ? [value] : value) validateHeaderValue(name, item);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return undefined;
}

const CLIENT_ERROR_STATUS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADERS_TIMEOUT: '408 Request Timeout',
};

/**
 * The parser refused what the client sent (bad request line or header, broken chunked encoding,
 * headers too large, too slow): answer on the raw socket when it is still writable, then close it.
 * https://nodejs.org/api/http.html#event-clienterror
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  socket.on('error', () => {});
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}
