import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

/**
 * A customer cancels a paid order before it ships. Orders decides alone (CANCELLED, and
 * `OrderCancelled` in the same write); every other service reacts to that one event on its own:
 * payments refunds, inventory releases, notifications mails, loyalty drops the pending points, and
 * the fulfillment saga, when it gets to the order, stops instead of shipping.
 */
export const customerCancel: SharedCloudScenario = {
  name: 'customer-cancel',
  teaches: 'One OrderCancelled reaches every consumer: refund, release, mail, points, and a saga that stops.',
  page: 'docs/scenarios/customer-cancel.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const ada = await shop.customer('ada');
    const starter = `shop-fulfillment-${stage}-startFulfillment`;
    say(
      `So that the cancel is sure to come before shipping, the warehouse's intake pauses: ${starter}'s event source mapping is disabled (UpdateEventSourceMapping). Paid orders wait on its queue.`,
    );
    const resume = await shop.pauseConsumer(starter);
    let orderId = '';
    try {
      orderId = await shop.placeOrder(ada, [{ sku: 'SOCKS-STRIPED-3PK', quantity: 1 }]);
      say(`ada orders socks (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
      const paid = await shop.follow(ada, orderId, ['PAID', 'CANCELLED'], say);
      expectThat(paid.status === 'PAID', `the order is ${paid.status}, not PAID`);

      say(`ada changes her mind: POST /orders/${orderId}/cancel`);
      const cancel = await shop.cancel(ada, orderId);
      expectThat(cancel.status === 202, `the cancel answered ${cancel.status}: ${JSON.stringify(cancel.body)}`);
      say(`  202: ${JSON.stringify(cancel.body)}; orders wrote CANCELLED and OrderCancelled in one transaction.`);
      const again = await shop.cancel(ada, orderId);
      expectThat(again.status === 409, `a second cancel answered ${again.status}`);
      say(`  a second cancel answers 409 (${String(again.body.message ?? '')}): harmless, and it says so.`);

      const cancelled = await shop.waitForEvent(orderId, 'OrderCancelled');
      say(
        `  the bus carries OrderCancelled (reason ${String(cancelled.detail.data.reason)}); each consumer reacts on its own:`,
      );
      const refunded = await shop.waitForEvent(orderId, 'PaymentRefunded');
      const amount = refunded.detail.data.amount as { amount: number; currency: string };
      say(`    payments refunds the card: PaymentRefunded, ${(amount.amount / 100).toFixed(2)} ${amount.currency}`);
      await shop.waitForEvent(orderId, 'InventoryReleased');
      say('    inventory puts the socks back on the shelf: InventoryReleased');
      const mail = await until('the cancellation mail', async () =>
        (await shop.mailsAbout(ada, orderId)).find((subject) => subject.includes('cancelled')),
      );
      say(`    notifications mails ada: "${mail}"`);
      const points = await until("loyalty dropping the order's pending points", async () => {
        const entry = await shop.loyaltyLedger(`ORDER#${orderId}`);
        return entry?.status === 'CANCELLED' ? entry : undefined;
      });
      say(`    loyalty drops the ${String(points.points)} points it had noted as pending: they will never be credited`);
    } finally {
      await resume();
    }
    say(
      `The warehouse's intake resumes: the saga starts for ${orderId}, finds it cancelled, and stops without shipping.`,
    );
    const sfn = new SFNClient(shop.awsClientConfig());
    const machine = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.find(
      (candidate) => candidate.name === `shop-fulfillment-${stage}-saga`,
    );
    expectThat(machine?.stateMachineArn !== undefined, 'no fulfillment saga');
    const executionArn = `${String(machine?.stateMachineArn).replace(':stateMachine:', ':execution:')}:${orderId}`;
    const execution = await until('the saga stopping', async () => {
      try {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === 'RUNNING' ? undefined : described;
      } catch {
        return undefined; // not started yet
      }
    });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const states = (history.events ?? []).flatMap((event) =>
      event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : [],
    );
    say(`  the saga's execution ${orderId} went ${states.join(' → ')} and ended ${execution.status}.`);
    const events = await shop.eventsAbout(orderId);
    expectThat(!events.some((event) => event['detail-type'] === 'OrderShipped'), 'the order shipped');
    const final = await shop.order(ada, orderId);
    expectThat(final.status === 'CANCELLED', `the order is ${final.status}`);
    say(`  no OrderShipped: the order stays CANCELLED (${final.timeline.map((step) => step.status).join(' → ')}).`);
    return `${orderId} was cancelled after payment: refunded, released, mailed, and never shipped.`;
  },
};
