import { createLogger } from '@shop/shared/logger';
import type { PipeItem } from '@shop/shared/pipe-consumer';
import { createInMemoryIdempotencyStore, createInMemoryMetrics } from '@shop/shared/testing';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import { createTestWorld, notificationRequest } from '../../test/test-world.ts';
import type { NotificationRequest } from '../domain/notification.ts';
import { createSendNotification } from '../domain/send-notification.ts';
import { createSendNotificationHandler } from './send-notification.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    SENDER_EMAIL: 'orders@shop.example',
    IDEMPOTENCY_TABLE: 'shop-notifications-idempotency-test',
    NOTICES_TABLE: 'shop-notifications-notices-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

const enriched = (
  messageId: string,
  request = notificationRequest('OrderConfirmed'),
): PipeItem<NotificationRequest> => ({
  messageId,
  outcome: 'enriched',
  value: request,
});

function setUp() {
  const world = createTestWorld();
  const idempotency = createInMemoryIdempotencyStore();
  const metrics = createInMemoryMetrics();
  const logger = createLogger();
  const info = vi.spyOn(logger, 'info');
  const handler = createSendNotificationHandler({
    metrics,
    sendNotification: createSendNotification(world),
    logger,
    idempotency,
  });
  const said = () => info.mock.calls.map(([message]) => String(message));
  return { world, metrics, said, send: (items: unknown) => handler(items, lambdaContext('sendNotification')) };
}

describe('the sendNotification handler (Pipes target)', () => {
  it('sends one e-mail per item, counts each, and reports no failures', async () => {
    const { world, metrics, send } = setUp();

    const response = await send([enriched('m-1'), enriched('m-2', notificationRequest('OrderShipped'))]);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(world.mailer.sent.map((email) => email.tags.event)).toEqual(['OrderConfirmed', 'OrderShipped']);
    expect(metrics.recorded.map((point) => [point.name, point.dimensions.kind])).toEqual([
      ['MailsSent', 'OrderConfirmed'],
      ['MailsSent', 'OrderShipped'],
    ]);
  });

  it('mails once, and counts once, when a redelivered batch brings the same event again, and logs the duplicate', async () => {
    const { world, metrics, said, send } = setUp();

    await send([enriched('m-1')]);
    expect(said()).toEqual(['Customer notified']);
    const again = await send([enriched('m-1-redelivered')]);

    expect(again).toEqual({ batchItemFailures: [] });
    expect(world.mailer.sent).toHaveLength(1);
    expect(metrics.recorded).toHaveLength(1);
    expect(said()).toEqual([
      'Customer notified',
      'Duplicate delivery: answered with the stored result, the work was not done again',
    ]);
  });

  it('mails once when one batch carries the same event twice', async () => {
    const { world, send } = setUp();

    await send([enriched('m-1'), enriched('m-2')]);

    expect(world.mailer.sent).toHaveLength(1);
  });

  it('does not mail again when the function failed between sending and recording, and the message comes back', async () => {
    const { world, send } = setUp();
    world.ledger.failNextMarkSent(new Error('DynamoDB unavailable'));

    const first = await send([enriched('m-1')]);
    const redelivered = await send([enriched('m-1')]);

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(world.mailer.sent).toHaveLength(1);
  });

  it('reports an item the enrichment could not complete as failed', async () => {
    const { world, send } = setUp();

    const response = await send([
      { messageId: 'm-1', outcome: 'unavailable', reason: 'orders has no summary for order ord_x' },
      enriched('m-2'),
    ]);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(world.mailer.sent).toHaveLength(1);
  });

  it('mails a delayed order once, even when OrderDelayed is redelivered after the order was confirmed', async () => {
    const { world, send } = setUp();
    const delayed = notificationRequest('OrderDelayed');

    const first = await send([enriched('m-1', delayed)]);
    await send([enriched('m-2')]);
    const again = await send([enriched('m-1-redelivered', delayed)]);

    expect([first, again]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(world.mailer.sent.map((email) => [email.tags.event, email.subject])).toEqual([
      ['OrderDelayed', 'Your order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9 is delayed'],
      ['OrderConfirmed', 'Your order ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9 is confirmed'],
    ]);
  });

  it('fails only the item whose e-mail could not be sent, and sends it on the retry', async () => {
    const { world, send } = setUp();
    world.mailer.failNext(
      Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }),
    );

    const first = await send([enriched('m-1'), enriched('m-2', notificationRequest('OrderShipped'))]);
    const retry = await send([enriched('m-1')]);

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(world.mailer.sent.map((email) => email.tags.event)).toEqual(['OrderShipped', 'OrderConfirmed']);
  });

  it('fails the whole batch when the payload is not the enrichment’s items', async () => {
    const { send } = setUp();

    await expect(send({ Records: [] })).rejects.toThrow(TypeError);
    await expect(send([{ messageId: 'm-1', outcome: 'enriched', value: {} }])).rejects.toThrow(TypeError);
  });
});
