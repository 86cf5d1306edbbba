import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startCli } from '../support/cli-cloud.ts';

/**
 * `npm start -- --root <dir>` runs another project laid out like this one: a learner's fork, or a
 * shop of their own. Here, a project of one stack and one HTTP function.
 */
const project = mkdtempSync(join(tmpdir(), 'foreign-project-'));
let cli: Awaited<ReturnType<typeof startCli>>;
let httpPort = 0;

beforeAll(async () => {
  writeFileSync(
    join(project, 'serverless.yml'),
    [
      'service: hello',
      "frameworkVersion: '>=3'",
      'provider:',
      '  name: aws',
      '  runtime: nodejs22.x',
      '  region: eu-west-1',
      'functions:',
      '  hello:',
      '    handler: handler.hello',
      '    events:',
      '      - httpApi: GET /hello',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(project, 'handler.mjs'),
    "export const hello = async () => ({ statusCode: 200, body: 'hello from another project' });\n",
  );
  const edgePort = await freePort();
  httpPort = await freePort();
  cli = await startCli(join(project, '.local-cloud'), edgePort, httpPort, ['--root', project]);
}, 120_000);

afterAll(() => {
  cli?.kill('SIGKILL');
  rmSync(project, { recursive: true, force: true });
});

describe('another project on the local cloud', () => {
  it('runs its stacks, answers its routes, and keeps its state and endpoints in its own folder', async () => {
    expect(cli.output()).toContain('hello-local');
    const answer = await fetch(`http://127.0.0.1:${httpPort}/hello`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('hello from another project');
    expect(existsSync(join(project, '.local-cloud', 'endpoints.json'))).toBe(true);
    expect(existsSync(join(project, '.local-cloud', 'trace.db'))).toBe(true);
  });
});
