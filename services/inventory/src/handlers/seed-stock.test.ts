import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@shop/shared/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import createEvent from '../../test/events/cloudformation/stock-seed-create.json' with { type: 'json' };
import deleteEvent from '../../test/events/cloudformation/stock-seed-delete.json' with { type: 'json' };
import updateEvent from '../../test/events/cloudformation/stock-seed-update.json' with { type: 'json' };
import { reservedRecord } from '../../test/test-world.ts';
import { sendCloudFormationResponse } from '../adapters/cloudformation-custom-resource.ts';
import { InMemoryStockRepository } from '../adapters/in-memory-stock-repository.ts';
import { catalogue } from '../domain/catalogue.ts';
import { type SeedCatalogueResult, seedCatalogue } from '../domain/seed-catalogue.ts';
import { createSeedStockHandler } from './seed-stock.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    INVENTORY_TABLE: 'shop-inventory-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

interface ReceivedRequest {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A stand-in for the pre-signed S3 URL: records what CloudFormation would receive. */
const received: ReceivedRequest[] = [];
let answerStatus = 200;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({
      method: request.method,
      headers: request.headers,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
    });
    response.writeHead(answerStatus).end();
  });
});
let responseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=abc`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function requestOf(fixture: object): CloudFormationCustomResourceEvent {
  return { ...(fixture as CloudFormationCustomResourceEvent), ResponseURL: responseUrl };
}

function setUp(seed?: () => Promise<SeedCatalogueResult>) {
  received.length = 0;
  answerStatus = 200;
  const stock = new InMemoryStockRepository();
  const seedCalls: number[] = [];
  const handler = createSeedStockHandler({
    seed:
      seed ??
      (() => {
        seedCalls.push(Date.now());
        return seedCatalogue(stock, catalogue);
      }),
    respond: sendCloudFormationResponse,
    logger: createLogger(),
  });
  return { stock, seedCalls, handler };
}

describe('seedStock handler', () => {
  it('seeds the catalogue on Create and PUTs SUCCESS to the response URL with an empty content type', async () => {
    const { stock, handler } = setUp();

    await handler(requestOf(createEvent), lambdaContext('shop-inventory-dev-seedStock'));

    expect(stock.levelOf('POSTER-LIMITED-A2')).toEqual({ available: 0, reserved: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe('PUT');
    expect(received[0]?.headers['content-type']).toBe('');
    expect(received[0]?.body).toEqual({
      Status: 'SUCCESS',
      Reason: expect.stringContaining('log stream'),
      PhysicalResourceId: `StockSeed-${createEvent.RequestId}`,
      StackId: createEvent.StackId,
      RequestId: createEvent.RequestId,
      LogicalResourceId: 'StockSeed',
      Data: { Added: String(catalogue.length), Kept: '0' },
    });
  });

  it('keeps the physical id and the live stock on Update', async () => {
    const { stock, handler } = setUp();
    await handler(requestOf(createEvent), lambdaContext('shop-inventory-dev-seedStock'));
    await stock.reserve(reservedRecord('ord_1', [{ sku: 'CAP-NAVY', quantity: 5 }]));

    await handler(requestOf(updateEvent), lambdaContext('shop-inventory-dev-seedStock'));

    expect(stock.levelOf('CAP-NAVY')).toEqual({ available: 55, reserved: 5 });
    expect(received[1]?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: updateEvent.PhysicalResourceId,
      Data: { Added: '0', Kept: String(catalogue.length) },
    });
  });

  it('does nothing to the stock on Delete but still answers SUCCESS', async () => {
    const { seedCalls, handler } = setUp();

    await handler(requestOf(deleteEvent), lambdaContext('shop-inventory-dev-seedStock'));

    expect(seedCalls).toHaveLength(0);
    expect(received[0]?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: deleteEvent.PhysicalResourceId });
  });

  it('answers FAILED with the reason when seeding fails, so the deploy does not hang', async () => {
    const { handler } = setUp(() => Promise.reject(new Error('AccessDeniedException: not authorized to PutItem')));

    await handler(requestOf(createEvent), lambdaContext('shop-inventory-dev-seedStock'));

    expect(received[0]?.body).toMatchObject({
      Status: 'FAILED',
      Reason: 'AccessDeniedException: not authorized to PutItem',
      PhysicalResourceId: `StockSeed-${createEvent.RequestId}`,
    });
  });

  it('answers FAILED before the function times out when seeding never finishes', async () => {
    const { handler } = setUp(() => new Promise<never>(() => {}));

    await handler(requestOf(createEvent), lambdaContext('shop-inventory-dev-seedStock', 3_050));

    expect(received[0]?.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('timeout') });
  });

  it('fails the invocation when the response URL refuses the answer, so Lambda retries it', async () => {
    const { handler } = setUp();
    answerStatus = 403;

    await expect(handler(requestOf(createEvent), lambdaContext('shop-inventory-dev-seedStock'))).rejects.toThrow('403');
  });
});
