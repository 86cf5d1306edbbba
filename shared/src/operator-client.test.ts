import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINTS_FILE, findRunningCloud, operatorClientConfig } from './operator-client.ts';

describe('where operator scripts send their calls', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'operator-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the running local cloud from the endpoints npm start wrote, from any folder below', () => {
    mkdirSync(join(root, '.local-cloud'));
    writeFileSync(
      join(root, ENDPOINTS_FILE),
      JSON.stringify({ edgeUrl: 'http://127.0.0.1:14566', httpApiUrl: 'http://127.0.0.1:13000' }),
    );
    mkdirSync(join(root, 'services', 'payments'), { recursive: true });
    expect(operatorClientConfig('local', {}, join(root, 'services', 'payments'))).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:14566',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  it('ignores the endpoints of a cloud that was killed without removing them', () => {
    mkdirSync(join(root, '.local-cloud'));
    const endpoints = { edgeUrl: 'http://127.0.0.1:14566', httpApiUrl: 'http://127.0.0.1:13000' };
    writeFileSync(join(root, ENDPOINTS_FILE), JSON.stringify({ ...endpoints, pid: process.pid }));
    expect(findRunningCloud(root)).toEqual(endpoints);
    // A pid no process has (Linux's pid_max is at most 2^22).
    writeFileSync(join(root, ENDPOINTS_FILE), JSON.stringify({ ...endpoints, pid: 2 ** 22 + 1 }));
    expect(findRunningCloud(root)).toBeUndefined();
  });

  it('prefers the environment, and goes to AWS for a deployed stage', () => {
    expect(operatorClientConfig('local', { LOCAL_CLOUD_EDGE_PORT: '5000' }, root).endpoint).toBe(
      'http://127.0.0.1:5000',
    );
    expect(operatorClientConfig('local', { AWS_ENDPOINT_URL: 'http://x' }, root)).toEqual({ region: 'eu-west-1' });
    expect(operatorClientConfig('dev', { AWS_REGION: 'us-east-1' }, root)).toEqual({ region: 'us-east-1' });
    expect(operatorClientConfig('local', {}, root).endpoint).toBe('http://127.0.0.1:4566');
  });
});
