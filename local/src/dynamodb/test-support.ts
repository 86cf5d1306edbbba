import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EdgeRequest, EdgeService } from '../edge/types.ts';
import { createDynamoDbService, type DynamoDbService, type DynamoDbServiceOptions } from './dynamodb-service.ts';

export const REGION = 'eu-west-1';
export const ACCOUNT_ID = '123456789012';

/** An HTTP server that serves one edge service, as the real edge does (for tests only). */
export async function serveEdge(edge: EdgeService): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    const request: EdgeRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    if (!edge.claims(request)) {
      outgoing.writeHead(404).end();
      return;
    }
    const response = await edge.handle(request);
    outgoing.writeHead(response.status, response.headers).end(response.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface LocalDynamoDb {
  readonly service: DynamoDbService;
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts the emulator on `dataDir` behind an HTTP server, with an SDK client pointed at it. */
export async function startLocalDynamoDb(
  dataDir: string,
  options: Partial<DynamoDbServiceOptions> = {},
): Promise<LocalDynamoDb> {
  const service = await createDynamoDbService({
    dataDir,
    region: REGION,
    accountId: ACCOUNT_ID,
    ttlSweepIntervalMs: 0,
    ...options,
  });
  const server = await serveEdge(service.edge);
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    service,
    client,
    endpoint: server.endpoint,
    async close() {
      client.destroy();
      await server.close();
      await service.close();
    },
  };
}

export async function makeTemporaryFolder(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'local-dynamodb-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
