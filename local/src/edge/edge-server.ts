import { HardenedListener, type ListenerAnswer, type ListenerRequest } from '../http-listener/listener.ts';
import { refuseNonLoopback } from '../http-listener/loopback.ts';
import type { EdgeRequest, EdgeResponse, EdgeService } from './types.ts';

/**
 * The largest request the edge reads: DynamoDB's `BatchWriteItem` (16 MB) is the largest AWS
 * request the emulated services take; each service applies its own smaller limits (SQS 1 MiB,
 * `PutEvents` 256 KB) with its own error.
 */
export const EDGE_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The local cloud's one endpoint (default port `LOCAL_CLOUD_DEFAULT_PORTS.edge`), standing where AWS's regional endpoints
 * stand: SDK v3 clients reach it through `AWS_ENDPOINT_URL`, the AWS CLI through
 * `--endpoint-url`. Each request goes to the first emulated service that claims it.
 *
 * It listens on loopback and answers only requests addressed to this machine, from no web page
 * of another origin (see `refuseNonLoopback`); malformed requests are refused by the listener
 * and never reach a service.
 */
export class EdgeServer {
  readonly #services: EdgeService[] = [];
  readonly #requests = new Map<string, number>();
  #serviceMs = 0;
  readonly #listener: HardenedListener;

  constructor(options: { onLog?: (line: string) => void } = {}) {
    this.#listener = new HardenedListener((request) => this.#serve(request), {
      name: 'edge',
      maxBodyBytes: EDGE_MAX_BODY_BYTES,
      refusal: (status, message, requestId) => awsJsonError(status, refusalCode(status), message, requestId),
      internalError: (requestId) =>
        awsJsonError(
          500,
          'InternalFailure',
          'The request processing has failed because of an unknown error.',
          requestId,
        ),
      admit: (request) => {
        const reason = refuseNonLoopback(request.headers);
        return reason ? awsJsonError(403, 'AccessDeniedException', reason, request.requestId) : undefined;
      },
      onLog: options.onLog ?? ((line) => console.error(line)),
    });
  }

  /** Requests served so far, by `service operation` (the benchmark's calls-per-order figures). */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.#requests);
  }

  /** Milliseconds the emulated services took to answer, summed over every request served. */
  serviceMilliseconds(): number {
    return this.#serviceMs;
  }

  register(service: EdgeService): void {
    this.#services.push(service);
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return this.#listener.listen(port, host);
  }

  close(): Promise<void> {
    return this.#listener.close();
  }

  async #serve(received: ListenerRequest): Promise<ListenerAnswer> {
    const request: EdgeRequest = {
      method: received.method,
      path: received.path,
      query: received.query,
      headers: received.headers,
      body: received.body,
    };
    const started = performance.now();
    const service = this.#services.find((candidate) => candidate.claims(request));
    // JSON and query protocols name the operation; REST ones (S3, Lambda, SES) are counted by
    // method, since their paths name objects and would grow the table without bound.
    const operation = String(request.headers['x-amz-target'] ?? request.query.get('Action') ?? request.method);
    const key = `${service?.name ?? 'unclaimed'} ${operation.replace(/^.*\./, '')}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const response: EdgeResponse = service
      ? await service.handle(request)
      : awsJsonError(
          400,
          'UnknownOperationException',
          `The local cloud does not emulate the service this request is for (${request.method} ${request.path}, target ${String(request.headers['x-amz-target'] ?? '-')})`,
          received.requestId,
        );
    this.#serviceMs += performance.now() - started;
    const requestId = response.headers['x-amzn-requestid'] ?? received.requestId;
    return {
      status: response.status,
      headers: { 'x-amzn-requestid': requestId, ...response.headers },
      body: response.body,
      ...(response.stream ? { stream: response.stream } : {}),
    };
  }
}

function refusalCode(status: number): string {
  if (status === 413) return 'RequestEntityTooLarge';
  if (status === 403) return 'AccessDeniedException';
  return 'BadRequest';
}

/** AWS's JSON error shape, which every SDK reads (`__type` and `x-amzn-ErrorType`). */
function awsJsonError(status: number, code: string, message: string, requestId: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: code, message }),
  };
}
