import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LocalCloudProcess } from './local-process.ts';
import { expectThat, type OwnCloudScenario, until } from './scenario.ts';
import { type Customer, localEndpoints, ScenarioShop } from './shop.ts';

const SKU = 'TOTE-CANVAS';
const ORDERS = 4;

/**
 * The idempotency records left INPROGRESS (every `*-idempotency-*` table), with the moment
 * Powertools lets the event run again (`in_progress_expiration`, epoch milliseconds).
 */
async function invocationsInProgress(dynamodb: DynamoDBClient): Promise<Array<{ table: string; expiresAt: number }>> {
  const tables = ((await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []).filter((name) =>
    name.includes('-idempotency-'),
  );
  const found = await Promise.all(
    tables.map(async (table) => {
      const { Items = [] } = await dynamodb.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': { S: 'INPROGRESS' } },
        }),
      );
      return Items.map((item) => ({ table, expiresAt: Number(item.in_progress_expiration?.N ?? 0) }));
    }),
  );
  return found.flat();
}

/** Waits until the clock passes `time` (epoch milliseconds): a deadline the shop recorded, not a guess. */
async function untilTime(time: number): Promise<void> {
  await until(`the clock to pass ${new Date(time).toISOString()}`, async () => (Date.now() > time ? true : undefined));
}

/**
 * The local cloud is killed with SIGKILL while orders are under way, and started again on the
 * same data. Every order accepted before the kill completes, and nothing is done twice: the
 * durable parts (tables, queues, the outbox, the saga's executions) are on disk, messages a dead
 * consumer held come back after their visibility timeout (ended at once by the local cloud's
 * control API rather than waited out), and the consumers are idempotent.
 */
export const crashRestart: OwnCloudScenario = {
  name: 'crash-restart',
  teaches: 'The local cloud killed mid-flow and restarted: every accepted order completes, nothing is done twice.',
  page: 'docs/scenarios/crash-restart.md',
  ownCloud: true,
  async run(say) {
    const dataDir = mkdtempSync(join(tmpdir(), 'crash-restart-'));
    say(
      `This lesson kills a local cloud, so it starts one of its own, its state in ${dataDir} (npm start is left alone).`,
    );
    const cloud = await LocalCloudProcess.start(dataDir);
    try {
      say(`  running as process ${cloud.pid} (edge ${cloud.edgeUrl}, API ${cloud.httpApiUrl})`);
      const shop = new ScenarioShop(localEndpoints({ edgeUrl: cloud.edgeUrl, httpApiUrl: cloud.httpApiUrl }));
      const customers = await Promise.all(['ada', 'grace'].map((name) => shop.customer(name)));
      const stockBefore = await shop.stockOf(SKU);
      const placed = await Promise.all(
        Array.from({ length: ORDERS }, async (_, index) => {
          const customer = customers[index % customers.length] as Customer;
          return { customer, orderId: await shop.placeOrder(customer, [{ sku: SKU, quantity: 1 }]) };
        }),
      );
      say(`${ORDERS} orders of a tote bag accepted (202): ${placed.map((order) => order.orderId).join(', ')}`);
      await shop.waitForEvent(placed[0]?.orderId ?? '', 'InventoryReserved');
      const statuses = await Promise.all(
        placed.map(async ({ customer, orderId }) => (await shop.order(customer, orderId)).status),
      );
      say(`  mid-flow: ${statuses.join(', ')}`);
      await cloud.kill();
      say(`kill -9 ${cloud.pid}: the process is gone at once; no shutdown code ran, nothing was flushed.`);

      const restarted = performance.now();
      await cloud.start();
      say(
        `Started again on the same data in ${((performance.now() - restarted) / 1000).toFixed(1)} s (process ${cloud.pid}).`,
      );
      const sqs = new SQSClient(shop.awsClientConfig());
      const queues = (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'shop-' }))).QueueUrls ?? [];
      let held = 0;
      for (const queueUrl of queues) {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        held += Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      }
      say(
        `  ${held} message(s) were held by consumers when the process died: as on AWS when a Lambda environment dies mid-batch, they come back after their queue's visibility timeout (60 s), and the queues and tables kept the rest.`,
      );
      const cut = await invocationsInProgress(new DynamoDBClient(shop.awsClientConfig()));
      if (cut.length > 0) {
        const lapsesAt = Math.max(...cut.map((record) => record.expiresAt));
        say(
          `  ${cut.length} invocation(s) were cut mid-way: their idempotency records still say INPROGRESS (${cut.map((record) => record.table).join(', ')}). Powertools refuses a second run of the same event until the first one's time is up (the function's timeout after it began, ${new Date(lapsesAt).toISOString()} at the latest): a redelivery before then fails and waits out another visibility timeout.`,
        );
        await untilTime(lapsesAt);
      }
      const ended = await shop.endVisibilityTimeouts();
      say(
        `  Rather than wait the minute out, the lesson ends those timeouts now (POST /__local/sqs/visibility-timeouts/end, the local cloud's fast-forward): ${ended} message(s) visible again, receive counts unchanged, exactly as when 60 s have passed.`,
      );
      const shipped = await Promise.all(
        placed.map(async ({ customer, orderId }) => {
          const view = await until(
            `${orderId} shipping`,
            async () => {
              const now = await shop.order(customer, orderId);
              return now.status === 'SHIPPED' || now.status === 'CANCELLED' ? now : undefined;
            },
            240_000,
          );
          say(`  ${orderId} ${view.status} (${view.timeline.map((step) => step.status).join(' → ')})`);
          return view;
        }),
      );
      expectThat(
        shipped.every((view) => view.status === 'SHIPPED'),
        `not every order shipped: ${shipped.map((view) => view.status).join(', ')}`,
      );

      say('Nothing was done twice:');
      const stockAfter = await shop.stockOf(SKU);
      expectThat(
        stockAfter.available === stockBefore.available - ORDERS &&
          stockAfter.reserved === stockBefore.reserved + ORDERS,
        `the stock went from ${JSON.stringify(stockBefore)} to ${JSON.stringify(stockAfter)}`,
      );
      say(`  ${SKU}: ${stockBefore.available} → ${stockAfter.available} available, exactly one per order`);
      for (const { customer, orderId } of placed) {
        const events = (await shop.eventsAbout(orderId)).filter((event) => event['replay-name'] === undefined);
        for (const type of ['InventoryReserved', 'PaymentCaptured', 'OrderShipped']) {
          const facts = new Set(
            events.filter((event) => event['detail-type'] === type).map((event) => event.detail.metadata.eventId),
          );
          expectThat(facts.size === 1, `${orderId} has ${facts.size} different ${type} events`);
        }
        const mails = await until(`${orderId}'s two mails`, async () => {
          const got = await shop.mailsAbout(customer, orderId);
          return got.length >= 2 ? got : undefined;
        });
        expectThat(mails.length === 2, `${customer.name} got ${mails.length} mails about ${orderId}`);
      }
      say(
        '  each order was reserved once, charged once and shipped once (one event of each, whatever was re-sent), and mailed twice: confirmed, shipped.',
      );
      return `${ORDERS} orders survived kill -9 mid-flow: all shipped, none reserved, charged or mailed twice.`;
    } finally {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
