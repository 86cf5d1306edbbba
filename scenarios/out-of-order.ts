import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

/** What orders follows of an order's way, in the order it happens. */
const FOLLOWED = ['InventoryReserved', 'PaymentCaptured', 'OrderShipped'] as const;

/**
 * Orders gets one order's events last stage first. Its status only moves forward and its
 * timeline sorts each step by when it happened, so it ends exactly where it would have.
 */
export const outOfOrder: SharedCloudScenario = {
  name: 'out-of-order',
  teaches:
    'Events that arrive last stage first: orders ends in the same state, its timeline in the order things happened.',
  page: 'docs/scenarios/out-of-order.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const ada = await shop.customer('ada');
    const follower = `shop-orders-${stage}-followOrder`;
    const sqs = new SQSClient(shop.awsClientConfig());
    const queueUrl = String(
      (await sqs.send(new GetQueueUrlCommand({ QueueName: `shop-orders-${stage}-order-events` }))).QueueUrl,
    );

    say(`Orders' follower pauses (${follower}'s event source mapping disabled): its events wait on its queue.`);
    const resume = await shop.pauseConsumer(follower);
    let orderId = '';
    try {
      orderId = await shop.placeOrder(ada, [{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
      say(`ada orders a mug (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
      for (const type of FOLLOWED) {
        const event = await shop.waitForEvent(orderId, type);
        say(`  ${event.time.slice(11, 19)}  ${type} is on the bus`);
      }
      const waiting = await shop.order(ada, orderId);
      say(`  the other services did their part; ada still sees ${waiting.status}: orders has not heard yet.`);

      say("Its events are taken off orders' queue and put back last stage first:");
      const mine = new Map<string, string>();
      await until(
        `the ${FOLLOWED.length} events on orders' queue`,
        async () => {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          for (const message of Messages) {
            const event = JSON.parse(message.Body ?? '{}') as {
              'detail-type'?: string;
              detail?: { data?: { orderId?: string } };
            };
            // Another order's event goes back as it was.
            if (event.detail?.data?.orderId === orderId) mine.set(String(event['detail-type']), message.Body ?? '');
            else await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body ?? '' }));
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
          }
          return FOLLOWED.every((type) => mine.has(type)) ? true : undefined;
        },
        60_000,
      );
      for (const type of [...FOLLOWED].reverse()) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: mine.get(type) }));
        say(`  sent ${type}`);
      }
    } finally {
      await resume();
    }
    say('The follower resumes and takes them as they come (its log, in CloudWatch Logs):');
    const logs = new CloudWatchLogsClient(shop.awsClientConfig());
    const handled = await until('orders handling the three events', async () => {
      const found = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: `/aws/lambda/${follower}`,
          filterPattern: `{ $.message = "Order followed" && $.orderId = "${orderId}" }`,
        }),
      );
      const lines = (found.events ?? []).map(
        (event) =>
          JSON.parse(event.message ?? '{}') as { event: string; status: string; outcome: string; announced?: string[] },
      );
      return lines.length >= FOLLOWED.length ? lines : undefined;
    });
    for (const line of handled) {
      const announced = line.announced?.length ? `, announced ${line.announced.join(', ')}` : '';
      say(`  ${line.event.padEnd(17)} → ${line.status} (${line.outcome}${announced})`);
    }
    if (handled[0]?.event !== 'OrderShipped')
      say(`  (a standard queue keeps no order either: this time orders took ${handled[0]?.event} first)`);
    const shipped = await shop.order(ada, orderId);
    const timeline = await until('all four steps in the timeline', async () => {
      const view = await shop.order(ada, orderId);
      return view.timeline.length === 4 ? view.timeline : undefined;
    });
    for (const step of timeline) say(`  ${step.at.slice(11, 19)}  ${step.status}  after ${step.event}`);
    const statuses = timeline.map((step) => step.status).join(' → ');
    expectThat(statuses === 'PLACED → RESERVED → PAID → SHIPPED', `the timeline reads ${statuses}`);
    expectThat(shipped.status === 'SHIPPED', `the order is ${shipped.status}`);
    say(
      '  the status went to SHIPPED at once and never back (APPLIED once, then RECORDED); each late step was put where it happened. The timeline reads as if nothing had been out of order.',
    );
    return `${orderId} got its events last stage first and ended SHIPPED with a timeline in order.`;
  },
};
