import {
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

/**
 * An operator pauses a consumer the AWS way, with Lambda's event source mapping API: its
 * messages wait on the queue, and it takes them up where it stopped once enabled again. The
 * choice survives a restart, as a deployed mapping's does.
 */
let cloud: TestCloud;
let shop: ShopProbe;
let lambda: LambdaClient;

beforeAll(async () => {
  cloud = await startTestCloud({ env: { OUTBOX_GRACE_SECONDS: '0' } });
  shop = new ShopProbe(cloud);
  lambda = new LambdaClient(cloud.clientConfig);
});

afterAll(async () => {
  await cloud?.destroy();
});

const starterName = () => {
  const found = cloud.topology.functions.find((fn) => fn.key === 'startFulfillment');
  if (!found) throw new Error('no startFulfillment');
  return found.name;
};

async function starterMapping() {
  const { EventSourceMappings = [] } = await lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: starterName() }),
  );
  expect(EventSourceMappings).toHaveLength(1);
  return EventSourceMappings[0] as NonNullable<(typeof EventSourceMappings)[number]>;
}

describe('event source mappings on the edge', () => {
  it('lists the mappings the stacks declare, by function and by queue, a page at a time', async () => {
    const mapping = await starterMapping();
    expect(mapping).toMatchObject({
      State: 'Enabled',
      FunctionArn: expect.stringMatching(/^arn:aws:lambda:eu-west-1:\d{12}:function:shop-fulfillment-local-/),
      EventSourceArn: expect.stringContaining(':shop-fulfillment-local-'),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const byQueue = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: mapping.EventSourceArn }));
    expect(byQueue.EventSourceMappings?.map((found) => found.UUID)).toEqual([mapping.UUID]);

    const all = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
    expect(all).toHaveLength(cloud.topology.eventSourceMappings.length);
    const first = await lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 2 }));
    expect(first.EventSourceMappings).toHaveLength(2);
    const rest = await lambda.send(new ListEventSourceMappingsCommand({ Marker: first.NextMarker }));
    expect([...(first.EventSourceMappings ?? []), ...(rest.EventSourceMappings ?? [])].map((m) => m.UUID)).toEqual(
      all.map((m) => m.UUID),
    );
  });

  it('pauses a consumer: its messages wait on the queue until it is enabled again, and it stays paused across a restart', async () => {
    const mapping = await starterMapping();
    const paused = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    expect(paused.State).toBe('Disabling');
    expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).State).toBe('Disabled');

    const placed = await shop.placeOrder({ currency: 'EUR', lines: [{ sku: 'CAP-NAVY', quantity: 1 }] });
    const orderId = String(placed.body.orderId);
    await eventually(async () => shop.eventOf(orderId, 'PaymentCaptured'), 60_000, 'PaymentCaptured');
    // The saga's starter does not take it: the message sits visible on its queue.
    await eventually(
      async () => (cloud.sqs.queueStats(String(mapping.EventSourceArn)).visible >= 1 ? true : undefined),
      30_000,
      'the message waiting on the queue',
    );

    cloud = await cloud.restart();
    shop = new ShopProbe(cloud);
    lambda = new LambdaClient(cloud.clientConfig);
    expect((await starterMapping()).State).toBe('Disabled');
    expect(cloud.sqs.queueStats(String(mapping.EventSourceArn)).visible).toBeGreaterThanOrEqual(1);

    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: true }));
    expect((await starterMapping()).State).toBe('Enabled');
    await eventually(async () => shop.eventOf(orderId, 'OrderShipped'), 60_000, 'OrderShipped');
  }, 180_000);

  it('refuses what only a deployment changes, an unknown mapping and a malformed id, as Lambda does', async () => {
    const mapping = await starterMapping();
    await expect(
      lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, BatchSize: 5 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(
      lambda.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-0000-0000-000000000000' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    await expect(lambda.send(new GetEventSourceMappingCommand({ UUID: 'not-a-uuid' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
    expect((await starterMapping()).State).toBe('Enabled');
  });
});
