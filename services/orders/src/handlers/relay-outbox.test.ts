import { createLogger } from '@shop/shared/logger';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import tick from '../../test/events/eventbridge-schedule/relay-outbox-tick.json' with { type: 'json' };
import { createTestWorld } from '../../test/test-world.ts';
import { createPlaceOrder } from '../domain/place-order.ts';
import { createRelayOutbox } from '../domain/relay-outbox.ts';
import { createRelayOutboxHandler } from './relay-outbox.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    ORDERS_TABLE: 'shop-orders-test',
    EVENT_BUS_NAME: 'shop-test',
    OUTBOX_GRACE_SECONDS: '30',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const scheduledEvent = tick as ScheduledEvent;

async function setUpWithUnpublishedOrder() {
  const world = createTestWorld();
  world.publisher.failNextPublish();
  await createPlaceOrder(world)({
    command: {
      customerId: 'cus-1',
      email: 'ada@example.com',
      currency: 'EUR',
      lines: [{ sku: 'CAP-NAVY', quantity: 1 }],
    },
    causationId: 'req-1',
  });
  world.time.advanceSeconds(60);
  const handle = createRelayOutboxHandler({
    relayOutbox: createRelayOutbox({ ...world, graceSeconds: 30 }),
    logger: createLogger(),
  });
  return { world, handle };
}

describe('relayOutbox handler', () => {
  it('publishes the events left in the outbox on a scheduled tick', async () => {
    const { world, handle } = await setUpWithUnpublishedOrder();

    const result = await handle(scheduledEvent, lambdaContext('shop-orders-dev-relayOutbox'));

    expect(result).toEqual({ published: 1, failed: 0 });
    expect(world.publisher.events.map((event) => event.name)).toEqual(['OrderPlaced']);
  });

  it('fails the invocation when events stay unpublished, so the Errors metric shows it', async () => {
    const { world, handle } = await setUpWithUnpublishedOrder();
    world.publisher.failNextPublish();

    await expect(handle(scheduledEvent, lambdaContext('shop-orders-dev-relayOutbox'))).rejects.toThrow(
      '1 outbox event(s) are still unpublished',
    );
  });
});
