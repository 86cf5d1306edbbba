import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';
import { type Customer, paymentBetweenTries } from './shop.ts';

/** How many orders the burst places, all at once. */
const BURST = 6;

/**
 * The payment provider goes down while orders keep coming. Nothing fails: the API keeps
 * accepting orders, the payment queue holds their payments and tries them again later and later,
 * each customer is told once that the payment waits, and when the provider is back the queue
 * drains and every order ships.
 */
export const paymentOutage: SharedCloudScenario = {
  name: 'payment-outage',
  teaches:
    'A burst of orders during a provider outage waits in the payment queue, the customers are told, and all ship after it.',
  page: 'docs/scenarios/payment-outage.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const sqs = new SQSClient(shop.awsClientConfig());
    const queueUrl = async (name: string) =>
      String((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl);
    const paymentQueue = await queueUrl(`shop-payments-${stage}-payment`);
    const deadLetters = await queueUrl(`shop-payments-${stage}-payment-dlq`);
    const depth = async (url: string) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
        waiting: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    };
    const dlqBefore = (await depth(deadLetters)).visible;

    say('The payment provider goes down (npm run provider -- outage).');
    await shop.provider('outage');
    try {
      const names = ['ada', 'grace', 'linus'];
      const customers = await Promise.all(names.map((name) => shop.customer(name)));
      const started = performance.now();
      const placed = await Promise.all(
        Array.from({ length: BURST }, async (_, index) => {
          const customer = customers[index % customers.length] as Customer;
          const orderId = await shop.placeOrder(customer, [{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
          return { customer, orderId };
        }),
      );
      say(
        `A burst of ${BURST} orders from ${names.join(', ')}: all accepted (202) in ${Math.round(performance.now() - started)} ms; the API never waits for payments. Watch one: ${shop.consoleLink(placed[0]?.orderId ?? '')}`,
      );

      const atStatus = (wanted: readonly string[], timeoutMs: number) =>
        Promise.all(
          placed.map(({ customer, orderId }) =>
            until(
              `${orderId} reaching ${wanted.join(' or ')}`,
              async () => {
                const view = await shop.order(customer, orderId);
                return wanted.includes(view.status) ? view : undefined;
              },
              timeoutMs,
            ),
          ),
        );
      await atStatus(['RESERVED', 'DELAYED'], 60_000);
      const held = await depth(paymentQueue);
      say(
        `All ${BURST} are reserved; their payments are in the payment queue (${held.visible} visible, ${held.waiting} in flight or held back): each try meets the outage and comes back 5, 10, 20, 40 s later...`,
      );
      say(
        '...and once a payment has waited DELAY_NOTICE_SECONDS (60 by default), payments publishes PaymentDelayed, once per order:',
      );
      await atStatus(['DELAYED'], 240_000);
      const delayMails = await Promise.all(
        placed.map(({ customer, orderId }) =>
          until(`the delay mail for ${orderId}`, async () =>
            (await shop.mailsAbout(customer, orderId)).find((subject) => subject.includes('delayed')),
          ),
        ),
      );
      say(
        `  all ${BURST} orders are DELAYED, and each customer got "${delayMails[0]?.replace(/ord_\w+/, '<order>')}".`,
      );

      say('The provider is back (npm run provider -- up); the waiting payments are tried at their next turn:');
      await shop.provider('up');
      if (shop.endpoints.localEdgeUrl) {
        // Every order's last try has set its backoff (its latest hop on the payment queue is "left
        // to retry"), or a try since the provider came back has charged it already ("deleted"):
        // ending the waits now skips only time, not a try.
        await Promise.all(
          placed.map(({ orderId }) =>
            until(`${orderId}'s payment waiting out its backoff`, async () =>
              paymentBetweenTries(await shop.trace(orderId)) ? true : undefined,
            ),
          ),
        );
        const ended = await shop.endVisibilityTimeouts(paymentQueue);
        say(
          `  (each next turn is a backoff away, 5 s doubling per try: the lesson ends those waits now, POST /__local/sqs/visibility-timeouts/end, and ${ended} payment(s) are tried at once)`,
        );
      }
      const shipped = await atStatus(['SHIPPED', 'CANCELLED'], 420_000);
      expectThat(
        shipped.every((view) => view.status === 'SHIPPED'),
        `not every order shipped: ${shipped.map((view) => view.status).join(', ')}`,
      );
      const drained = await until('the payment queue draining', async () => {
        const now = await depth(paymentQueue);
        return now.visible + now.waiting === 0 ? now : undefined;
      });
      say(
        `  all ${BURST} shipped (${shipped[0]?.timeline.map((step) => step.status).join(' → ')}); the payment queue is empty (${drained.visible}/${drained.waiting}).`,
      );
      const dlqAfter = (await depth(deadLetters)).visible;
      expectThat(dlqAfter === dlqBefore, `${dlqAfter - dlqBefore} payments went to the dead-letter queue`);
      for (const { orderId } of placed) {
        const notices = (await shop.eventsAbout(orderId)).filter(
          (event) => event['detail-type'] === 'PaymentDelayed' && event['replay-name'] === undefined,
        );
        expectThat(notices.length === 1, `${orderId} had ${notices.length} PaymentDelayed events`);
      }
      say('  nothing reached the dead-letter queue, and each order had exactly one PaymentDelayed.');
      return `${BURST} orders waited out the outage in the payment queue, were told once, and shipped after it.`;
    } finally {
      await shop.provider('up');
    }
  },
};
