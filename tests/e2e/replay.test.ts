import {
  CancelReplayCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  ListArchivesCommand,
  ListReplaysCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hop } from '../../local/src/observability/trace.ts';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

/**
 * Replaying archived events on the local cloud with EventBridge's API: a window of a shipped
 * order's events goes back to the bus, marked with the replay's name; the idempotent consumers
 * see them again and change nothing.
 */
let cloud: TestCloud;
let shop: ShopProbe;
let events: EventBridgeClient;

beforeAll(async () => {
  cloud = await startTestCloud({
    env: { OUTBOX_GRACE_SECONDS: '0' },
    stepFunctionsTiming: { retryIntervalMs: 50, waitMs: 50 },
  });
  shop = new ShopProbe(cloud);
  events = new EventBridgeClient(cloud.clientConfig);
});

afterAll(async () => {
  await cloud?.destroy();
});

const trace = async (id: string) => (await (await fetch(`${cloud.edgeUrl}/__local/trace/${id}`)).json()) as Hop[];

describe('archives and replays', () => {
  it('replays a shipped order’s events to the bus, and the consumers change nothing', async () => {
    const [archive] = (await events.send(new ListArchivesCommand({}))).Archives ?? [];
    expect(archive).toMatchObject({ ArchiveName: 'shop-local-all-events', State: 'ENABLED' });
    const described = await events.send(new DescribeArchiveCommand({ ArchiveName: archive?.ArchiveName }));

    const windowStart = new Date(Date.now() - 2_000);
    const placed = await shop.placeOrder({ currency: 'EUR', lines: [{ sku: 'CAP-NAVY', quantity: 1 }] });
    const orderId = String(placed.body.orderId);
    await eventually(
      async () => ((await shop.getOrder(orderId)).body.status === 'SHIPPED' ? true : undefined),
      60_000,
      'SHIPPED',
    );
    const mails = await eventually(
      async () => {
        const sent = cloud.ses.listMailbox({}).filter((mail) => mail.subject.includes(orderId));
        return sent.length >= 2 ? sent.length : undefined;
      },
      30_000,
      'both mails',
    );
    const stock = await shop.stockOf('CAP-NAVY');
    const before = (await trace(orderId)).length;
    // A window that ends now: its events are all in the archive (their times are whole seconds).
    const windowEnd = new Date();

    const started = await events.send(
      new StartReplayCommand({
        ReplayName: 'replay-one-order',
        EventSourceArn: described.ArchiveArn,
        EventStartTime: windowStart,
        EventEndTime: windowEnd,
        Destination: { Arn: described.EventSourceArn },
      }),
    );
    expect(started.State).toBe('STARTING');
    await eventually(
      async () =>
        (await events.send(new DescribeReplayCommand({ ReplayName: 'replay-one-order' }))).State === 'COMPLETED'
          ? true
          : undefined,
      30_000,
      'the replay to complete',
    );
    const replayed = await eventually(
      async () => {
        const hops = (await trace(orderId)).filter(
          (hop) => hop.kind === 'event' && hop.summary.startsWith('replayed by replay-one-order:'),
        );
        return hops.length >= 5 ? hops : undefined;
      },
      30_000,
      'the replayed events in the trace',
    );
    expect(replayed.map((hop) => hop.name)).toEqual(
      expect.arrayContaining(['OrderPlaced', 'InventoryReserved', 'PaymentCaptured', 'OrderShipped']),
    );
    expect((await trace(orderId)).length).toBeGreaterThan(before);

    // Idempotent consumers: the replayed events are delivered, handled as duplicates, and change nothing.
    await eventually(
      async () => {
        const hops = await trace(orderId);
        const last = hops.filter((hop) => hop.kind === 'queue' && hop.summary.startsWith('deleted')).at(-1);
        return last && last.seq > (replayed.at(-1)?.seq ?? 0) ? true : undefined;
      },
      30_000,
      'the replayed events to be handled',
    );
    expect((await shop.getOrder(orderId)).body.status).toBe('SHIPPED');
    expect(await shop.stockOf('CAP-NAVY')).toEqual(stock);
    expect(cloud.ses.listMailbox({}).filter((mail) => mail.subject.includes(orderId))).toHaveLength(mails);
    expect(
      (await events.send(new ListReplaysCommand({ NamePrefix: 'replay-' }))).Replays?.map((replay) => replay.State),
    ).toEqual(['COMPLETED']);
  });

  it('refuses what EventBridge refuses', async () => {
    const [archive] = (await events.send(new ListArchivesCommand({}))).Archives ?? [];
    const described = await events.send(new DescribeArchiveCommand({ ArchiveName: archive?.ArchiveName }));
    const replay = (overrides: Record<string, unknown>) =>
      events.send(
        new StartReplayCommand({
          ReplayName: 'refused',
          EventSourceArn: described.ArchiveArn,
          EventStartTime: new Date(Date.now() - 60_000),
          EventEndTime: new Date(Date.now() - 1_000),
          Destination: { Arn: described.EventSourceArn },
          ...overrides,
        }),
      );
    await expect(replay({ EventEndTime: new Date(Date.now() + 60_000) })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      replay({ Destination: { Arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/default' } }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    });
    await expect(
      replay({ EventSourceArn: 'arn:aws:events:eu-west-1:000000000000:archive/none' }),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(replay({ ReplayName: 'replay-one-order' })).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
    });
    await expect(events.send(new CancelReplayCommand({ ReplayName: 'replay-one-order' }))).rejects.toMatchObject({
      name: 'IllegalStatusException',
    });
  });
});
