import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, 'endpoints.ts');
const node = process.execPath;
let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `npm run -s endpoints` as a shell would, from `cwd`. */
function run(cwd: string, ...args: string[]) {
  // tsx from this repository (the folder the script runs in has none), as `npm run` would find it.
  return spawnSync(node, ['--import', import.meta.resolve('tsx'), script, ...args], { cwd, encoding: 'utf8' });
}

describe('npm run endpoints', () => {
  it('prints the running cloud’s ports and region as shell variables a shell can eval', () => {
    folder = mkdtempSync(join(tmpdir(), 'endpoints-'));
    mkdirSync(join(folder, '.local-cloud'));
    writeFileSync(
      join(folder, '.local-cloud', 'endpoints.json'),
      JSON.stringify({
        edgeUrl: 'http://127.0.0.1:14566',
        httpApiUrl: 'http://127.0.0.1:13000',
        region: 'eu-central-1',
        pid: process.pid,
      }),
    );
    mkdirSync(join(folder, 'docs'));

    const answer = run(join(folder, 'docs'));
    const seen = execFileSync(
      'bash',
      ['-c', `${answer.stdout}\necho "$E $H $AWS_ENDPOINT_URL $AWS_REGION $AWS_ACCESS_KEY_ID"`],
      {
        encoding: 'utf8',
      },
    );

    expect(answer.status).toBe(0);
    expect(seen.trim()).toBe('http://127.0.0.1:14566 http://127.0.0.1:13000 http://127.0.0.1:14566 eu-central-1 local');
  });

  it('prints nothing to evaluate and exits 1 when no cloud is running', () => {
    folder = mkdtempSync(join(tmpdir(), 'endpoints-'));

    const answer = run(folder);

    expect([answer.status, answer.stdout]).toEqual([1, '']);
    expect(answer.stderr).toContain('npm start');
  });
});
