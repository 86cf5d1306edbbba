import { DisableRuleCommand, EnableRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

let cloud: TestCloud;
let shop: ShopProbe;

beforeAll(async () => {
  cloud = await startTestCloud({ env: { OUTBOX_GRACE_SECONDS: '0' } });
  shop = new ShopProbe(cloud);
});

afterAll(async () => {
  await cloud?.destroy();
});

const order = (lines: Array<{ sku: string; quantity: number }>) => ({
  currency: 'EUR',
  lines,
});

describe('placing an order on the local cloud', () => {
  it('stores the order, publishes OrderPlaced and reserves its stock in inventory', async () => {
    const before = await shop.stockOf('MUG-LOGO-350ML');

    const placed = await shop.placeOrder(
      order([
        { sku: 'MUG-LOGO-350ML', quantity: 2 },
        { sku: 'CAP-NAVY', quantity: 1 },
      ]),
    );

    expect(placed.status).toBe(202);
    const orderId = String(placed.body.orderId);
    const reserved = await eventually(
      async () => shop.eventOf(orderId, 'InventoryReserved'),
      30_000,
      'InventoryReserved',
    );
    expect(reserved.source).toBe('shop.inventory');
    expect(reserved.detail.metadata.correlationId).toBe(
      shop.eventOf(orderId, 'OrderPlaced')?.detail.metadata.correlationId,
    );
    expect(await shop.stockOf('MUG-LOGO-350ML')).toEqual({
      available: (before?.available ?? 0) - 2,
      reserved: (before?.reserved ?? 0) + 2,
    });
    const got = await shop.getOrder(orderId);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      orderId,
      lines: [
        { sku: 'MUG-LOGO-350ML', quantity: 2 },
        { sku: 'CAP-NAVY', quantity: 1 },
      ],
    });
    // The flow goes on while the test reads: the order was stored PLACED and may have moved on.
    expect((got.body.timeline as Array<{ status: string }>)[0]?.status).toBe('PLACED');
  });

  it('fails the reservation of an unknown SKU and changes no stock', async () => {
    const before = await shop.stockOf('TOTE-CANVAS');

    const placed = await shop.placeOrder(
      order([
        { sku: 'TOTE-CANVAS', quantity: 1 },
        { sku: 'NO-SUCH-THING', quantity: 1 },
      ]),
    );

    const failed = await eventually(async () =>
      shop.eventOf(String(placed.body.orderId), 'InventoryReservationFailed'),
    );
    expect(failed.detail.data).toMatchObject({ reason: 'UNKNOWN_SKU', skus: ['NO-SUCH-THING'] });
    expect(await shop.stockOf('TOTE-CANVAS')).toEqual(before);
  });

  it('fails the reservation of a sold-out SKU and changes no stock', async () => {
    const before = await shop.stockOf('HOODIE-GREY-L');

    const placed = await shop.placeOrder(
      order([
        { sku: 'HOODIE-GREY-L', quantity: 1 },
        { sku: 'POSTER-LIMITED-A2', quantity: 1 },
      ]),
    );

    const failed = await eventually(async () =>
      shop.eventOf(String(placed.body.orderId), 'InventoryReservationFailed'),
    );
    expect(failed.detail.data).toMatchObject({ reason: 'OUT_OF_STOCK', skus: ['POSTER-LIMITED-A2'] });
    expect(await shop.stockOf('HOODIE-GREY-L')).toEqual(before);
    expect(await shop.stockOf('POSTER-LIMITED-A2')).toEqual({ available: 0, reserved: 0 });
  });

  it('answers a bad body with 400 and a clear message, and writes nothing', async () => {
    const ordersBefore = await shop.countOrders();

    const noLines = await shop.placeOrder({ currency: 'EUR', lines: [] });
    const badQuantity = await shop.placeOrder(order([{ sku: 'CAP-NAVY', quantity: 0 }]));
    const notJson = await shop.placeOrder('{"currency":');

    for (const answer of [noLines, badQuantity, notJson]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('ValidationError');
      expect(answer.body.message).toEqual(expect.any(String));
    }
    expect(JSON.stringify(badQuantity.body)).toMatch(/quantity/);
    expect(await shop.countOrders()).toBe(ordersBefore);
  });

  it('returns the same order for a retried POST with the same Idempotency-Key', async () => {
    const ordersBefore = await shop.countOrders();
    const key = { 'idempotency-key': `retry-${Date.now()}` };

    const first = await shop.placeOrder(order([{ sku: 'SOCKS-STRIPED-3PK', quantity: 1 }]), key);
    const retry = await shop.placeOrder(order([{ sku: 'SOCKS-STRIPED-3PK', quantity: 1 }]), key);

    expect(first.status).toBe(202);
    expect(retry).toEqual(first);
    expect(await shop.countOrders()).toBe(ordersBefore + 1);
  });

  it('reserves once when OrderPlaced is delivered twice', async () => {
    const placed = await shop.placeOrder(order([{ sku: 'TEE-CLASSIC-WHITE-M', quantity: 3 }]));
    const orderId = String(placed.body.orderId);
    await eventually(async () => shop.eventOf(orderId, 'InventoryReserved'));
    const afterFirst = await shop.stockOf('TEE-CLASSIC-WHITE-M');
    const orderPlaced = shop.eventOf(orderId, 'OrderPlaced');

    // At-least-once delivery: the same event reaches the queue again.
    const queue = cloud.topology.queues.find((candidate) => candidate.logicalId === 'OrderPlacedQueue');
    await new SQSClient(cloud.clientConfig).send(
      new SendMessageCommand({ QueueUrl: queue?.url, MessageBody: JSON.stringify(orderPlaced) }),
    );
    await eventually(async () => ((await sqsDepth(queue?.arn ?? '')) === 0 ? true : undefined));
    await cloud.bus.drain();

    expect(await shop.stockOf('TEE-CLASSIC-WHITE-M')).toEqual(afterFirst);
    expect(shop.eventsOf(orderId).filter((event) => event['detail-type'] === 'InventoryReserved')).toHaveLength(1);
  });

  it('sends a malformed event straight to the dead-letter queue without retrying it', async () => {
    const queue = cloud.topology.queues.find((candidate) => candidate.logicalId === 'OrderPlacedQueue');
    const dlq = cloud.topology.queues.find((candidate) => candidate.logicalId === 'OrderPlacedDeadLetterQueue');
    const malformed = {
      version: '0',
      id: 'c0ffee00-0000-4000-8000-000000000000',
      'detail-type': 'OrderPlaced',
      source: 'shop.orders',
      account: cloud.topology.accountId,
      time: new Date().toISOString(),
      region: cloud.topology.region,
      resources: [],
      detail: { metadata: { version: 1 }, data: { orderId: 42 } },
    };

    await new SQSClient(cloud.clientConfig).send(
      new SendMessageCommand({ QueueUrl: queue?.url, MessageBody: JSON.stringify(malformed) }),
    );

    const stats = await eventually(async () => {
      const dead = cloud.sqs.queueStats(dlq?.arn ?? '');
      return dead.visible > 0 ? dead : undefined;
    });
    expect(stats.visible).toBe(1);
  });
});

describe('the outbox', () => {
  it('publishes an accepted order whose first publish failed, once the relay runs', async () => {
    // The relay's schedule (every minute) is paused, so it runs only when the test fires it.
    const relay = cloud.topology.rules.find((rule) => rule.logicalId === 'RelayOutboxEventsRuleSchedule1');
    const events = new EventBridgeClient(cloud.clientConfig);
    const ruleId = { Name: relay?.name, EventBusName: relay?.busName };
    await events.send(new DisableRuleCommand(ruleId));
    try {
      // Only an OrderPlaced fails: the flows of earlier tests may still publish other orders' events.
      cloud.bus.injectPutEventsFault({ remaining: 1, source: 'shop.orders', detailType: 'OrderPlaced' });

      const placed = await shop.placeOrder(order([{ sku: 'TEE-CLASSIC-BLACK-M', quantity: 1 }]));

      expect(placed.status).toBe(202);
      const orderId = String(placed.body.orderId);
      expect(shop.eventOf(orderId, 'OrderPlaced')).toBeUndefined();
      expect(await shop.orderItem(orderId)).toMatchObject({ outboxPending: 'PENDING' });

      cloud.scheduler.fire(relay?.name ?? '');

      await eventually(async () => shop.eventOf(orderId, 'OrderPlaced'), 30_000, 'the relayed OrderPlaced');
      await eventually(async () => shop.eventOf(orderId, 'InventoryReserved'), 30_000, 'the reservation');
      const pending = ((await shop.orderItem(orderId))?.outbox ?? []) as Array<{ event: string }>;
      expect(pending.map((entry) => (JSON.parse(entry.event) as { name: string }).name)).not.toContain('OrderPlaced');
    } finally {
      await events.send(new EnableRuleCommand(ruleId));
    }
  });
});

async function sqsDepth(queueArn: string): Promise<number> {
  const stats = cloud.sqs.queueStats(queueArn);
  return stats.visible + stats.inFlight + stats.delayed;
}

describe('the undocumented-event detector', () => {
  it('raises an alert for an event the catalog does not document, and stays quiet for one it does', async () => {
    const bus = `shop-${cloud.topology.stage}`;
    const detector = cloud.topology.functions.find((fn) => fn.key === 'detectUndocumentedEvents')?.name ?? '';
    const detail = (version: number) => JSON.stringify({ metadata: { version }, data: { orderId: 'ord_x' } });

    cloud.bus.putEvents([
      { EventBusName: bus, Source: 'shop.orders', DetailType: 'OrderGiftWrapped', Detail: detail(1) },
    ]);

    const alert = await eventually(async () =>
      cloud.logs
        .recent(100_000, `lambda:${detector}`)
        .find((entry) => entry.line.includes('OrderGiftWrapped') && entry.line.includes('"level":"ERROR"')),
    );
    expect(alert.line).toMatch(/Undocumented event on the bus/);
    expect(
      cloud.logs.recent(100_000, `lambda:${detector}`).some((entry) => entry.line.includes('"UndocumentedEvents":1')),
    ).toBe(true);
    const alerts = cloud.logs
      .recent(100_000, `lambda:${detector}`)
      .filter((entry) => entry.line.includes('"level":"ERROR"'));
    expect(alerts.every((entry) => entry.line.includes('OrderGiftWrapped'))).toBe(true);
  });
});
