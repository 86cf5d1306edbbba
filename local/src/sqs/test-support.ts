import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeService } from '../edge/types.ts';
import { createSqsService, type SqsService } from './index.ts';

/** Test fixtures for the SQS emulator: a temp data dir, a movable clock, an HTTP edge. */

export const REGION = 'eu-west-1';
export const ACCOUNT_ID = '000000000000';

export interface FakeClock {
  readonly now: () => number;
  advance(milliseconds: number): void;
}

export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance(milliseconds) {
      current += milliseconds;
    },
  };
}

export function createTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'sqs-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface HttpEdge {
  readonly url: string;
  readonly sqs: SqsService;
  close(): Promise<void>;
}

/** A tiny HTTP server in front of the SQS edge service, on a free port. */
export async function startHttpEdge(dataDir: string, clock?: () => number): Promise<HttpEdge> {
  let edge: EdgeService | undefined;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const edgeRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      if (!edge?.claims(edgeRequest)) {
        response.writeHead(404).end('not claimed');
        return;
      }
      edge.handle(edgeRequest).then(
        (answer) => response.writeHead(answer.status, answer.headers).end(answer.body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sqs = createSqsService({
    dataDir,
    edgeUrl: url,
    region: REGION,
    accountId: ACCOUNT_ID,
    ...(clock ? { clock } : {}),
  });
  edge = sqs.edge;
  return {
    url,
    sqs,
    async close() {
      sqs.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
