import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionSpec } from '@shop/topology/topology';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleFunctions, removeStaleBundles } from './bundler.ts';

let directory: string;
let buildRoot: string;

function spec(key: string): FunctionSpec {
  return {
    stackName: 'test-local',
    service: 'test',
    key,
    logicalId: `${key}LambdaFunction`,
    name: `test-local-${key}`,
    arn: `arn:aws:lambda:eu-west-1:000000000000:function:test-local-${key}`,
    handler: `src/${key}.handler`,
    entryPath: join(directory, 'src', `${key}.ts`),
    exportName: 'handler',
    serviceDirectory: directory,
    environment: {},
    timeoutSeconds: 3,
    memorySizeMb: 128,
    runtime: 'nodejs22.x',
    reservedConcurrency: undefined,
  };
}

const write = (file: string, code: string) => writeFileSync(join(directory, 'src', file), code);

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'bundler-'));
  buildRoot = join(directory, 'build');
  mkdirSync(join(directory, 'src'));
  write('greeting.ts', `export const greeting = 'hello';`);
  write('hello.ts', `import { greeting } from './greeting.ts'; export const handler = async () => greeting;`);
});

afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('bundleFunctions', () => {
  it('reuses the bundles of a start whose sources did not change, at the same path', async () => {
    const first = (await bundleFunctions([spec('hello')], buildRoot)).get('test-local-hello') ?? '';
    const builtAt = statSync(first).mtimeMs;

    const second = (await bundleFunctions([spec('hello')], buildRoot)).get('test-local-hello');

    expect(second).toBe(first);
    expect(statSync(first).mtimeMs).toBe(builtAt);
    expect(readFileSync(first, 'utf8')).toContain('hello');
  });

  it('builds again when any file the bundle was built from changed, and leaves the old build alone', async () => {
    const first = (await bundleFunctions([spec('hello')], buildRoot)).get('test-local-hello') ?? '';
    write('greeting.ts', `export const greeting = 'bonjour';`);

    const second = (await bundleFunctions([spec('hello')], buildRoot)).get('test-local-hello') ?? '';

    expect(second).not.toBe(first);
    expect(readFileSync(second, 'utf8')).toContain('bonjour');
    expect(readFileSync(first, 'utf8')).toContain('hello');
  });

  it('lets clouds that start together build the same sources side by side', async () => {
    const [a, b] = await Promise.all([
      bundleFunctions([spec('hello')], buildRoot),
      bundleFunctions([spec('hello')], buildRoot),
    ]);

    expect(a.get('test-local-hello')).toBe(b.get('test-local-hello'));
    expect(readFileSync(a.get('test-local-hello') ?? '', 'utf8')).toContain('hello');
  });

  it('removes builds no start used for a day, and keeps the others', async () => {
    const used = (await bundleFunctions([spec('hello')], buildRoot)).get('test-local-hello') ?? '';
    write('greeting.ts', `export const greeting = 'bonjour';`);
    const unused = (await bundleFunctions([spec('hello')], buildRoot)).get('test-local-hello') ?? '';
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(dirname(used), twoDaysAgo, twoDaysAgo);

    removeStaleBundles(buildRoot);

    expect(() => statSync(used)).toThrow();
    expect(statSync(unused).isFile()).toBe(true);
  });
});
