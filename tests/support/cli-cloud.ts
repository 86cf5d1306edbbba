import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually, ROOT_DIR } from './local-cloud.ts';

/**
 * Starts `npm start`'s command (`local/src/cli.ts`) as its own process on the given ports and
 * data folder, and waits until it is ready: for tests that must see the process itself (killed,
 * or expected to survive what its clients send). `output()` is everything it printed so far.
 */
export async function startCli(
  dataDir: string,
  edgePort: number,
  httpPort: number,
  extraArgs: readonly string[] = [],
): Promise<ChildProcess & { output(): string }> {
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      '--import',
      'tsx',
      'local/src/cli.ts',
      '--quiet',
      '--data-dir',
      dataDir,
      '--port',
      String(edgePort),
      '--http-port',
      String(httpPort),
      // Not the repository's own .local-cloud/endpoints.json, which a running npm start owns.
      '--endpoints-file',
      join(dataDir, 'endpoints.json'),
      ...extraArgs,
    ],
    { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the local cloud exited: ${output}`);
      const health = await fetch(`http://127.0.0.1:${edgePort}/__local/health`).catch(() => undefined);
      return health?.ok && output.includes('ready in') ? true : undefined;
    },
    90_000,
    'the local cloud to start',
  );
  return Object.assign(child, { output: () => output });
}

/** A port nobody listens on now, outside the range the system gives client sockets. */
export { freePort } from '../../scenarios/local-process.ts';
