import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeRequest, EdgeResponse, EdgeService } from './types.ts';

/**
 * The local cloud's one endpoint (default port 4566), standing where AWS's regional endpoints
 * stand: SDK v3 clients reach it through `AWS_ENDPOINT_URL`, the AWS CLI through
 * `--endpoint-url`. Each request goes to the first emulated service that claims it.
 */
export class EdgeServer {
  readonly #services: EdgeService[] = [];
  readonly #requests = new Map<string, number>();
  readonly #server: Server;

  constructor() {
    this.#server = createServer((request, response) => {
      void this.#serve(request, response);
    });
    this.#server.keepAliveTimeout = 65_000;
  }

  /** Requests served so far, by `service operation` (the benchmark's calls-per-order figures). */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.#requests);
  }

  register(service: EdgeService): void {
    this.#services.push(service);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://edge');
    const request: EdgeRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    let response: EdgeResponse;
    const service = this.#services.find((candidate) => candidate.claims(request));
    const operation = String(request.headers['x-amz-target'] ?? request.query.get('Action') ?? request.path);
    const key = `${service?.name ?? 'unclaimed'} ${operation.replace(/^.*\./, '')}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    if (!service) {
      response = {
        status: 400,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' },
        body: JSON.stringify({
          __type: 'UnknownOperationException',
          message: `The local cloud does not emulate the service this request is for (${request.method} ${request.path}, target ${String(request.headers['x-amz-target'] ?? '-')})`,
        }),
      };
    } else {
      try {
        response = await service.handle(request);
      } catch (error) {
        response = {
          status: 500,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' },
          body: JSON.stringify({
            __type: 'InternalFailure',
            message: error instanceof Error ? error.message : String(error),
          }),
        };
      }
    }
    const requestId = response.headers['x-amzn-requestid'] ?? crypto.randomUUID();
    outgoing.writeHead(response.status, { 'x-amzn-requestid': requestId, ...response.headers });
    outgoing.end(response.body);
  }
}
