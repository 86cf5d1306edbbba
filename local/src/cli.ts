import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_CLOUD_DEFAULT_PORTS } from '@shop/shared/operator-client';
import { ENDPOINTS_FILE } from '../../shared/src/operator-client.ts';
import { shopConsoleExtensions } from '../shop/console-extensions.ts';
import { startLocalCloud } from './cloud.ts';
import { signInDemoUser } from './cognito/demo-user.ts';
import { formatLogLine, formatStartup } from './startup-report.ts';

/**
 * `npm start`: the whole shop on this machine, from the same serverless.yml files that deploy
 * it. `--reset` starts from empty state; `--quiet` hides function logs; `--root <dir>` runs
 * another project laid out like this one, with its state in `<dir>/.local-cloud`.
 */
const { values } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.LOCAL_CLOUD_EDGE_PORT ?? String(LOCAL_CLOUD_DEFAULT_PORTS.edge) },
    'http-port': {
      type: 'string',
      default: process.env.LOCAL_CLOUD_HTTP_PORT ?? String(LOCAL_CLOUD_DEFAULT_PORTS.httpApi),
    },
    'data-dir': { type: 'string' },
    // Another project laid out like this one (a root serverless.yml and services/*).
    root: { type: 'string' },
    // Runs CloudWatch alarm periods N times faster than AWS (said in the start-up report).
    'alarm-time-scale': { type: 'string', default: process.env.LOCAL_CLOUD_ALARM_TIME_SCALE ?? '1' },
    // Where the operator scripts find this cloud (default <root>/.local-cloud/endpoints.json); a
    // second cloud beside \`npm start\` (a test, the crash-restart scenario) writes its own.
    'endpoints-file': { type: 'string' },
  },
});

const shopRoot = resolve(import.meta.dirname, '..', '..');
const rootDir = values.root ? resolve(values.root) : shopRoot;
try {
  const cloud = await startLocalCloud({
    rootDir,
    dataDir: values['data-dir'] ? resolve(values['data-dir']) : undefined,
    reset: values.reset,
    edgePort: Number(values.port),
    httpPort: Number(values['http-port']),
    cloudWatchTimeScale: Number(values['alarm-time-scale']),
    // The catalog and switches are the shop's; another project gets the console without them.
    ...(rootDir === shopRoot ? { console: shopConsoleExtensions() } : {}),
    onLog: values.quiet ? undefined : (functionName, line) => console.log(formatLogLine(functionName, line)),
  });
  const authorizer = cloud.topology.httpRoutes.find((route) => route.authorizer)?.authorizer;
  const demo = authorizer ? await signInDemoUser(cloud.userPools, authorizer, 'ada') : undefined;
  // Ready in: since this process started (performance.now() counts from then), loading included.
  console.log(formatStartup(cloud, performance.now(), demo ? { user: 'ada', ...demo } : undefined));
  // The operator scripts (npm run token, provider, faults, endpoints) find this cloud's ports here.
  const endpointsFile = values['endpoints-file'] ? resolve(values['endpoints-file']) : join(rootDir, ENDPOINTS_FILE);
  mkdirSync(dirname(endpointsFile), { recursive: true });
  writeFileSync(
    endpointsFile,
    JSON.stringify(
      {
        edgeUrl: cloud.edgeUrl,
        httpApiUrl: cloud.httpApiUrl,
        consoleUrl: cloud.consoleUrl,
        region: cloud.topology.region,
        pid: process.pid,
      },
      null,
      2,
    ),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud (state is kept in ${cloud.dataDir})`);
    rmSync(endpointsFile, { force: true });
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`\nThe local cloud could not start:\n  ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
