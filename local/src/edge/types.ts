import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request as the edge received it, body fully read. */
export interface EdgeRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/` or `/2015-03-31/functions/x/invocations`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface EdgeResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
  /** Server-sent events: more of the body as it comes (see the listener's `ListenerAnswer`). */
  readonly stream?: (write: (chunk: string) => void, onClose: (listener: () => void) => void) => void;
}

/**
 * One emulated AWS service behind the edge endpoint. The edge asks each service in turn
 * whether it claims a request (by `X-Amz-Target` prefix, path or query `Action`).
 */
export interface EdgeService {
  readonly name: string;
  claims(request: EdgeRequest): boolean;
  handle(request: EdgeRequest): Promise<EdgeResponse>;
}
