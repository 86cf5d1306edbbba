import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { HttpRouteSpec } from '../loader/topology.ts';

interface CompiledRoute {
  readonly route: HttpRouteSpec;
  readonly routeKey: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  readonly specificity: number;
}

/**
 * An API Gateway HTTP API with Lambda proxy integrations, payload format 2.0: the routes the
 * stacks declare with `httpApi` events, the 2.0 event shape, and the 2.0 response rules (a
 * result without `statusCode` is a 200 JSON body).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export class HttpApi {
  readonly #routes: CompiledRoute[];
  readonly #runtime: LambdaRuntime;
  readonly #accountId: string;
  readonly #server: Server;
  #port = 0;

  constructor(routes: readonly HttpRouteSpec[], runtime: LambdaRuntime, accountId: string) {
    this.#runtime = runtime;
    this.#accountId = accountId;
    this.#routes = routes.map(compileRoute).sort((a, b) => b.specificity - a.specificity);
    this.#server = createServer((request, response) => {
      void this.#serve(request, response);
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.#port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`);
    const method = (incoming.method ?? 'GET').toUpperCase();
    const match = this.#match(method, url.pathname);
    if (!match) {
      outgoing.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const event = this.#toEvent(incoming, url, method, Buffer.concat(chunks), match);
    const result = await this.#runtime.invoke(match.compiled.route.functionName, event);
    if (!result.ok) {
      const status = result.functionError === 'Throttled' ? 429 : 500;
      const message = status === 429 ? 'Too Many Requests' : 'Internal Server Error';
      outgoing.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
      return;
    }
    writeResult(outgoing, result.payload);
  }

  #match(method: string, path: string): { compiled: CompiledRoute; parameters: Record<string, string> } | undefined {
    for (const compiled of this.#routes) {
      if (compiled.route.method !== 'ANY' && compiled.route.method !== method) continue;
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      const parameters = Object.fromEntries(
        compiled.parameterNames.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]),
      );
      return { compiled, parameters };
    }
    return undefined;
  }

  #toEvent(
    incoming: IncomingMessage,
    url: URL,
    method: string,
    body: Buffer,
    match: { compiled: CompiledRoute; parameters: Record<string, string> },
  ): APIGatewayProxyEventV2 {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (name === 'cookie' || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams)
      query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
    const now = new Date();
    const isText = isTextBody(headers['content-type'], body);
    const cookies = incoming.headers.cookie?.split(';').map((cookie) => cookie.trim());
    return {
      version: '2.0',
      routeKey: match.compiled.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(Object.keys(match.parameters).length > 0 ? { pathParameters: match.parameters } : {}),
      requestContext: {
        accountId: this.#accountId,
        apiId: 'local',
        domainName: headers.host ?? `localhost:${this.#port}`,
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${incoming.httpVersion}`,
          sourceIp: incoming.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: crypto.randomUUID(),
        routeKey: match.compiled.routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !isText,
    };
  }
}

function compileRoute(route: HttpRouteSpec): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        parameterNames.push(greedy[1] ?? '');
        return '(.+)';
      }
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter) {
        parameterNames.push(parameter[1] ?? '');
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    route,
    routeKey: `${route.method} ${route.path}`,
    pattern: new RegExp(`^${source}/?$`),
    parameterNames,
    // Literal segments win over parameters, as API Gateway picks the most specific route.
    specificity:
      route.path.split('/').filter((segment) => !segment.startsWith('{')).length * 10 - parameterNames.length,
  };
}

function isTextBody(contentType: string | undefined, body: Buffer): boolean {
  if (!contentType || /json|text|xml|x-www-form-urlencoded|javascript/.test(contentType)) {
    return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
  }
  return false;
}

/** Payload format 2.0's response rules. */
function writeResult(outgoing: ServerResponse, payload: unknown): void {
  if (payload !== null && typeof payload === 'object' && 'statusCode' in payload) {
    const result = payload as {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (result.cookies?.length) headers['set-cookie'] = result.cookies;
    const body =
      result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    outgoing.writeHead(result.statusCode, headers).end(body);
    return;
  }
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  outgoing.writeHead(200, { 'content-type': 'application/json' }).end(body);
}
