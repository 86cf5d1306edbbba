import { validateHeaderName, validateHeaderValue } from 'node:http';
import { httpApiIdOf } from '@shop/topology/resource-types/apigateway-http-api';
import type { HttpRouteSpec } from '@shop/topology/topology';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { HardenedListener, type ListenerAnswer, type ListenerRequest } from '../http-listener/listener.ts';
import type { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import { authorizeJwt, type IssuerKeys, identityHeaderOf } from './jwt-authorizer.ts';

interface CompiledRoute {
  readonly route: HttpRouteSpec;
  readonly routeKey: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  readonly specificity: number;
}

/** API Gateway HTTP API's payload limit. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const HTTP_API_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** One answered request, as API Gateway counts it (`Count`, `4xx`, `5xx`, `Latency`). */
export interface HttpRequestRecord {
  /** The API the route belongs to; undefined when no route matched. */
  readonly apiId: string | undefined;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly latencyMs: number;
  /** The stack of the route that answered, if one did. */
  readonly stackName: string | undefined;
  /** The client's `x-correlation-id`, if it sent one. */
  readonly correlationId: string | undefined;
  /** The answer's body, as text. */
  readonly answerBody: string;
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
  readonly #listener: HardenedListener;
  readonly #issuerKeys: IssuerKeys;
  #port = 0;
  readonly #onRequest: ((record: HttpRequestRecord) => void) | undefined;
  readonly #soleApiId: string | undefined;

  constructor(
    routes: readonly HttpRouteSpec[],
    runtime: LambdaRuntime,
    accountId: string,
    options: {
      onLog?: (line: string) => void;
      issuerKeys?: IssuerKeys;
      /** Hears of each answered request (`AWS/ApiGateway` metrics, the trace). */
      onRequest?: (record: HttpRequestRecord) => void;
    } = {},
  ) {
    this.#onRequest = options.onRequest;
    this.#runtime = runtime;
    this.#accountId = accountId;
    this.#issuerKeys = options.issuerKeys ?? (() => undefined);
    for (const route of routes) checkAuthorizer(route, this.#issuerKeys);
    this.#routes = routes.map(compileRoute).sort((a, b) => b.specificity - a.specificity);
    const apiIds = new Set(routes.map((route) => httpApiIdOf(route.stackName)));
    // A request no route matches still counts against the API when there is only one.
    this.#soleApiId = apiIds.size === 1 ? [...apiIds][0] : undefined;
    this.#listener = new HardenedListener((request) => this.#serve(request), {
      name: 'http-api',
      maxBodyBytes: HTTP_API_MAX_PAYLOAD_BYTES,
      refusal: (status, _message, requestId) =>
        gatewayAnswer(status, REFUSAL_MESSAGES[status] ?? 'Bad Request', requestId),
      internalError: (requestId) => gatewayAnswer(500, 'Internal Server Error', requestId),
      onLog: options.onLog ?? ((line) => console.error(line)),
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.#port = await this.#listener.listen(port, host);
    return this.#port;
  }

  close(): Promise<void> {
    return this.#listener.close();
  }

  async #serve(request: ListenerRequest): Promise<ListenerAnswer> {
    const started = performance.now();
    const answer = await this.#route(request);
    const route = this.#match(request.method.toUpperCase(), request.path)?.compiled.route;
    this.#onRequest?.({
      apiId: route ? httpApiIdOf(route.stackName) : this.#soleApiId,
      requestId: request.requestId,
      method: request.method.toUpperCase(),
      path: request.path,
      status: answer.status,
      latencyMs: performance.now() - started,
      stackName: route?.stackName,
      correlationId:
        typeof request.headers['x-correlation-id'] === 'string' ? request.headers['x-correlation-id'] : undefined,
      answerBody: typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body ?? '').toString('utf8'),
    });
    return answer;
  }

  async #route(request: ListenerRequest): Promise<ListenerAnswer> {
    const method = request.method.toUpperCase();
    const match = this.#match(method, request.path);
    if (!match) return gatewayAnswer(404, 'Not Found', request.requestId);
    const authorizer = match.compiled.route.authorizer;
    let identity: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'] | undefined;
    if (authorizer) {
      const decision = await authorizeJwt(authorizer, request.headers, this.#issuerKeys);
      if (!decision.allowed) {
        const answer = gatewayAnswer(decision.status, decision.message, request.requestId);
        return { ...answer, headers: { ...answer.headers, 'www-authenticate': decision.wwwAuthenticate } };
      }
      identity = {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: decision.claims, scopes: decision.scopes as string[] },
      };
    }
    const event = this.#toEvent(request, method, match, identity);
    const result = await this.#runtime.invoke(match.compiled.route.functionName, event);
    if (!result.ok) {
      return result.functionError === 'Throttled'
        ? gatewayAnswer(429, 'Too Many Requests', request.requestId)
        : gatewayAnswer(500, 'Internal Server Error', request.requestId);
    }
    return toHttpAnswer(result.payload, request.requestId);
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
    request: ListenerRequest,
    method: string,
    match: { compiled: CompiledRoute; parameters: Record<string, string> },
    identity?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'],
  ): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'cookie' || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of request.query)
      query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
    const now = new Date();
    const { body } = request;
    const isText = isTextBody(headers['content-type'], body);
    const cookie = request.headers.cookie;
    const cookies = cookie?.split(';').map((part) => part.trim());
    return {
      version: '2.0',
      routeKey: match.compiled.routeKey,
      rawPath: request.path,
      rawQueryString: request.rawQuery,
      ...(cookies ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(Object.keys(match.parameters).length > 0 ? { pathParameters: match.parameters } : {}),
      requestContext: {
        accountId: this.#accountId,
        apiId: httpApiIdOf(match.compiled.route.stackName),
        ...(identity ? { authorizer: identity } : {}),
        domainName: headers.host ?? `localhost:${this.#port}`,
        domainPrefix: 'localhost',
        http: {
          method,
          path: request.path,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.remoteAddress || '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: request.requestId,
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

/**
 * Payload format 2.0's response rules: a result with `statusCode` is the response as given (a
 * missing `content-type` gets API Gateway's `text/plain; charset=utf-8`); any other result is a
 * 200 whose body is the result as JSON. A result API Gateway cannot map (a status that is not an
 * HTTP status, headers that are not strings) is its 500.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response
 */
export function toHttpAnswer(payload: unknown, requestId: string): ListenerAnswer {
  if (payload !== null && typeof payload === 'object' && 'statusCode' in payload) {
    const result = payload as Record<string, unknown>;
    const status = result.statusCode;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      return gatewayAnswer(500, 'Internal Server Error', requestId);
    }
    const headers: Record<string, string | string[]> = {};
    const declared = result.headers ?? {};
    if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
      return gatewayAnswer(500, 'Internal Server Error', requestId);
    }
    for (const [name, value] of Object.entries(declared)) {
      if (!['string', 'number', 'boolean'].includes(typeof value) || !isSendableHeader(name, String(value))) {
        return gatewayAnswer(500, 'Internal Server Error', requestId);
      }
      headers[name.toLowerCase()] = String(value);
    }
    const cookies = result.cookies;
    if (cookies !== undefined) {
      if (
        !Array.isArray(cookies) ||
        !cookies.every((cookie) => typeof cookie === 'string' && isSendableHeader('set-cookie', cookie))
      ) {
        return gatewayAnswer(500, 'Internal Server Error', requestId);
      }
      if (cookies.length > 0) headers['set-cookie'] = cookies as string[];
    }
    if (result.body !== undefined && typeof result.body !== 'string') {
      return gatewayAnswer(500, 'Internal Server Error', requestId);
    }
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    headers['apigw-requestid'] = requestId;
    const body =
      result.body === undefined
        ? ''
        : result.isBase64Encoded === true
          ? Buffer.from(result.body, 'base64')
          : result.body;
    return { status, headers, body };
  }
  const body = typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? 'null');
  return { status: 200, headers: { 'content-type': 'application/json', 'apigw-requestid': requestId }, body };
}

/** API Gateway's own answers (no route, throttled, failed integration): `{"message": ...}` as JSON. */
export function gatewayAnswer(status: number, message: string, requestId: string): ListenerAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
    body: JSON.stringify({ message }),
  };
}

const REFUSAL_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  413: 'Request Entity Too Large',
};

function isSendableHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/** A route's authorizer must be one the local cloud can run: a header identity source and a local user pool's issuer. */
function checkAuthorizer(route: HttpRouteSpec, issuerKeys: IssuerKeys): void {
  const authorizer = route.authorizer;
  if (!authorizer) return;
  const where = `Stack ${route.stackName}: route ${route.method} ${route.path}, authorizer ${authorizer.name}`;
  if (!identityHeaderOf(authorizer.identitySource)) {
    throw new Error(
      `${where}: identitySource ${authorizer.identitySource} is not supported by the local cloud (only $request.header.<name>)`,
    );
  }
  if (!issuerKeys(authorizer.issuer)) {
    throw new Error(
      `${where}: issuer ${authorizer.issuer} is not a user pool of the stacks (the local cloud cannot reach other issuers)`,
    );
  }
}
