import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT_DIR = resolve(import.meta.dirname, '..');

/**
 * `npm start`'s command as a process of the scenario's own, on its own ports and data folder (so
 * a running `npm start` is left alone): for the lesson that kills it.
 */
export class LocalCloudProcess {
  readonly dataDir: string;
  readonly edgeUrl: string;
  readonly httpApiUrl: string;
  readonly #ports: { edge: number; http: number };
  #child: ChildProcess | undefined;

  private constructor(dataDir: string, ports: { edge: number; http: number }) {
    this.dataDir = dataDir;
    this.#ports = ports;
    this.edgeUrl = `http://127.0.0.1:${ports.edge}`;
    this.httpApiUrl = `http://127.0.0.1:${ports.http}`;
  }

  static async start(dataDir: string): Promise<LocalCloudProcess> {
    const cloud = new LocalCloudProcess(dataDir, { edge: await freePort(), http: await freePort() });
    await cloud.start();
    return cloud;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts it (again, on the same ports and data), and waits until it is ready. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        '--import',
        'tsx',
        'local/src/cli.ts',
        '--quiet',
        '--data-dir',
        this.dataDir,
        '--port',
        String(this.#ports.edge),
        '--http-port',
        String(this.#ports.http),
        '--endpoints-file',
        join(this.dataDir, 'endpoints.json'),
      ],
      { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the local cloud exited: ${output}`);
      const health = await fetch(`${this.edgeUrl}/__local/health`).catch(() => undefined);
      if (health?.ok && output.includes('ready in')) return;
      if (Date.now() > deadline) throw new Error(`the local cloud did not start in 90 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** `kill -9`: no shutdown code runs, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops it the polite way (what Ctrl-C does). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * A port nobody listens on now, for a cloud that must come back on the same ports after a kill.
 * Chosen below the range the system hands out for outgoing connections and `listen(0)` (32768 and
 * up on Linux, 49152 and up on macOS and Windows), so the client sockets of a busy machine never
 * take it between this check and the cloud's own listen, or while the killed cloud is restarting.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolvePort) => {
      const server = createServer();
      server.once('error', () => resolvePort(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
    });
    if (free) return port;
  }
}
