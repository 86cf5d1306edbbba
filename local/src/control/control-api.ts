import type { EdgeRequest, EdgeResponse, EdgeService } from '../edge/types.ts';
import { isForgeableByPages } from '../http-listener/loopback.ts';

export type ControlRoute = (request: EdgeRequest, parameters: readonly string[]) => Promise<unknown> | unknown;

/**
 * The local cloud's own API under `/__local/`: health, topology, traces by correlation id,
 * fault switches and "run now" for schedules. It serves the console and the CLI; it is not an
 * AWS API and no handler calls it. Requests that change state take JSON only (see
 * `isForgeableByPages`); the edge has already refused other hosts and origins.
 */
export function controlApi(routes: ReadonlyArray<[method: string, pattern: RegExp, route: ControlRoute]>): EdgeService {
  return {
    name: 'local-control',
    claims: (request) => request.path.startsWith('/__local/') && !request.path.startsWith('/__local/cloudformation/'),
    async handle(request): Promise<EdgeResponse> {
      if (isForgeableByPages(request.method, request.headers)) {
        return {
          status: 415,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            error: `${request.method} ${request.path} takes an application/json body: a web page can send any other kind from another site.`,
          }),
        };
      }
      for (const [method, pattern, route] of routes) {
        if (request.method !== method) continue;
        const match = pattern.exec(request.path);
        if (!match) continue;
        try {
          const result = await route(
            request,
            match.slice(1).map((part) => decodeURIComponent(part ?? '')),
          );
          return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? {}) };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ error: message }),
          };
        }
      }
      return {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'Not found' }),
      };
    },
  };
}

export function jsonBody(request: EdgeRequest): Record<string, unknown> {
  const text = request.body.toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}
