import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

const SKU = 'MUG-LOGO-350ML';

/** Each consumer's function, and the events of an order it takes. */
const CONSUMERS = [
  { service: 'inventory', fn: 'reserveStock', events: ['OrderPlaced'] },
  { service: 'payments', fn: 'capturePayment', events: ['InventoryReserved'] },
  { service: 'fulfillment', fn: 'startFulfillment', events: ['PaymentCaptured'] },
  { service: 'orders', fn: 'followOrder', events: ['InventoryReserved', 'PaymentCaptured', 'OrderShipped'] },
  { service: 'loyalty', fn: 'followOrders', events: ['OrderPlaced', 'OrderShipped'] },
  { service: 'notifications', fn: 'sendNotification', events: ['OrderConfirmed', 'OrderShipped'] },
] as const;

/**
 * Every event of a shipped order is delivered a second time, exactly as it was: what SQS's
 * at-least-once delivery or a producer's retry after a timeout does. Each consumer recognises
 * the event by its `metadata.idempotencyKey`, answers from its idempotency store, and changes
 * nothing: no second reservation, charge, saga, points or mail.
 */
export const duplicateDelivery: SharedCloudScenario = {
  name: 'duplicate-delivery',
  teaches: 'Every event delivered twice: the idempotent consumers see the duplicates, say so, and change nothing.',
  page: 'docs/scenarios/duplicate-delivery.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(shop.awsClientConfig()));
    const stockOf = async () => {
      const { Item } = await documents.send(
        new GetCommand({ TableName: `shop-inventory-${stage}`, Key: { pk: `SKU#${SKU}` }, ConsistentRead: true }),
      );
      return `${String(Item?.available)} available, ${String(Item?.reserved ?? 0)} reserved`;
    };
    const ada = await shop.customer('ada');
    const orderId = await shop.placeOrder(ada, [{ sku: SKU, quantity: 1 }]);
    say(`ada orders a mug (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
    const shipped = await shop.follow(ada, orderId, ['SHIPPED', 'CANCELLED'], say);
    expectThat(shipped.status === 'SHIPPED', `the order ended ${shipped.status}`);
    const mailsBefore = await until('the two mails', async () => {
      const mails = await shop.mailsAbout(ada, orderId);
      return !shop.endpoints.localEdgeUrl || mails.length >= 2 ? mails : undefined;
    });
    await until("loyalty crediting the order's points", async () =>
      (await shop.loyaltyLedger(`ORDER#${orderId}`))?.status === 'CREDITED' ? true : undefined,
    );
    const before = {
      stock: await stockOf(),
      points: Number((await shop.loyaltyLedger(`CUSTOMER#${ada.customerId}`))?.balance ?? 0),
    };
    say(`  now: ${SKU} ${before.stock}; ada has ${before.points} points and ${mailsBefore.length} mails about it.`);

    const events = (await shop.eventsAbout(orderId)).filter((event) => event['replay-name'] === undefined);
    say(
      `Each of its ${events.length} events (${events.map((event) => event['detail-type']).join(', ')}) is published again exactly as it was, same idempotency key, as a producer's retry or SQS's at-least-once delivery would:`,
    );
    const bus = new EventBridgeClient(shop.awsClientConfig());
    const put = await bus.send(
      new PutEventsCommand({
        Entries: events.map((event) => ({
          EventBusName: `shop-${stage}`,
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
        })),
      }),
    );
    expectThat(put.FailedEntryCount === 0, 'the bus refused some of them');

    const logs = new CloudWatchLogsClient(shop.awsClientConfig());
    for (const consumer of CONSUMERS) {
      const group = `/aws/lambda/shop-${consumer.service}-${stage}-${consumer.fn}`;
      const lines = await until(`${consumer.service} seeing the duplicates`, async () => {
        const found = await logs.send(
          new FilterLogEventsCommand({ logGroupName: group, filterPattern: `"Duplicate delivery" "${orderId}"` }),
        );
        return (found.events?.length ?? 0) >= consumer.events.length ? found.events : undefined;
      });
      const message = String((JSON.parse(lines[0]?.message ?? '{}') as { message?: string }).message);
      say(`  ${consumer.service.padEnd(13)} ${consumer.events.join(', ')}: "${message}"`);
    }

    const after = await shop.order(ada, orderId);
    expectThat(JSON.stringify(after.timeline) === JSON.stringify(shipped.timeline), "the order's timeline changed");
    const stock = await stockOf();
    expectThat(stock === before.stock, `the stock went from ${before.stock} to ${stock}`);
    const points = Number((await shop.loyaltyLedger(`CUSTOMER#${ada.customerId}`))?.balance ?? 0);
    expectThat(points === before.points, `ada's points went from ${before.points} to ${points}`);
    const mails = await shop.mailsAbout(ada, orderId);
    expectThat(mails.length === mailsBefore.length, `ada got ${mails.length - mailsBefore.length} more mails`);
    say(
      `  and nothing changed: the order still has ${after.timeline.length} steps, ${SKU} ${stock}, ada ${points} points and ${mails.length} mails.`,
    );
    return `every event of ${orderId} was delivered twice; each consumer did its work once.`;
  },
};
