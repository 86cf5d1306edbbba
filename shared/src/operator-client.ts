/**
 * Where the operator scripts (`npm run token`, `provider`, `faults`) send their AWS calls: AWS
 * itself for a deployed stage, or the local cloud for stage `local`, found the way a person
 * would: `AWS_ENDPOINT_URL` when set; else `LOCAL_CLOUD_EDGE_PORT`; else the endpoints the running
 * `npm start` wrote to `.local-cloud/endpoints.json` (looked for from the current folder up);
 * else the default edge port ({@link LOCAL_CLOUD_DEFAULT_PORTS}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface OperatorClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * The local cloud's ports when none is asked for: the AWS edge (LocalStack's 4566) and the HTTP
 * API. `npm start` listens on them by default, and the clients here fall back to them.
 */
export const LOCAL_CLOUD_DEFAULT_PORTS = { edge: 4566, httpApi: 3000 } as const;

/** The file `npm start` writes with the running cloud's URLs. */
export const ENDPOINTS_FILE = join('.local-cloud', 'endpoints.json');

export function findRunningCloud(
  from = process.cwd(),
): { edgeUrl: string; httpApiUrl: string; consoleUrl?: string; region?: string } | undefined {
  for (let directory = from; ; directory = dirname(directory)) {
    const file = join(directory, ENDPOINTS_FILE);
    if (existsSync(file)) {
      try {
        const endpoints = JSON.parse(readFileSync(file, 'utf8')) as {
          edgeUrl?: unknown;
          httpApiUrl?: unknown;
          consoleUrl?: unknown;
          region?: unknown;
          pid?: unknown;
        };
        // A cloud killed without its shutdown (kill -9, a crash) leaves its file behind: ignore it.
        if (typeof endpoints.pid === 'number' && !isAlive(endpoints.pid)) return undefined;
        if (typeof endpoints.edgeUrl === 'string' && typeof endpoints.httpApiUrl === 'string') {
          return {
            edgeUrl: endpoints.edgeUrl,
            httpApiUrl: endpoints.httpApiUrl,
            ...(typeof endpoints.consoleUrl === 'string' ? { consoleUrl: endpoints.consoleUrl } : {}),
            ...(typeof endpoints.region === 'string' ? { region: endpoints.region } : {}),
          };
        }
      } catch {
        return undefined;
      }
    }
    if (dirname(directory) === directory) return undefined;
  }
}

export function operatorClientConfig(
  stage: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  from = process.cwd(),
): OperatorClientConfig {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-1';
  if (stage !== 'local' || env.AWS_ENDPOINT_URL) return { region };
  const endpoint = env.LOCAL_CLOUD_EDGE_PORT
    ? `http://127.0.0.1:${env.LOCAL_CLOUD_EDGE_PORT}`
    : (findRunningCloud(from)?.edgeUrl ?? `http://127.0.0.1:${LOCAL_CLOUD_DEFAULT_PORTS.edge}`);
  return {
    region,
    endpoint,
    // The local cloud does not check credentials, but the SDK refuses to sign without some.
    ...(env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
