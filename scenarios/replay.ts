import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

/**
 * Two things a replay is for: the idempotent consumers, who had the events already, change
 * nothing; and a consumer that missed them (loyalty, its rule switched off for a while) catches up
 * from the archive, without a producer sending anything again.
 */
export const replay: SharedCloudScenario = {
  name: 'replay',
  teaches:
    'Archived events replayed to the bus: a consumer that missed them catches up, the idempotent ones change nothing.',
  page: 'docs/scenarios/replay.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const events = new EventBridgeClient(shop.awsClientConfig());
    const loyaltyRule = `shop-loyalty-${stage}-order-events`;
    const bus = `shop-${stage}`;
    const ada = await shop.customer('ada');
    const pointsOf = (key: `ORDER#${string}` | `CUSTOMER#${string}`) => shop.loyaltyLedger(key);
    const balanceBefore = Number((await pointsOf(`CUSTOMER#${ada.customerId}`))?.balance ?? 0);

    say(`Loyalty misses some events: its rule ${loyaltyRule} is switched off (DisableRule).`);
    await events.send(new DisableRuleCommand({ Name: loyaltyRule, EventBusName: bus }));
    let orderId: string;
    let shipped: Awaited<ReturnType<typeof shop.follow>>;
    const windowStart = new Date(Date.now() - 1_000);
    try {
      orderId = await shop.placeOrder(ada, [{ sku: 'CAP-NAVY', quantity: 1 }]);
      say(`ada orders a cap (${orderId}); the bus's archive keeps every event. Watch it: ${shop.consoleLink(orderId)}`);
      shipped = await shop.follow(ada, orderId, ['SHIPPED', 'CANCELLED'], say);
      expectThat(shipped.status === 'SHIPPED', `the order ended ${shipped.status}`);
    } finally {
      await events.send(new EnableRuleCommand({ Name: loyaltyRule, EventBusName: bus }));
    }
    expectThat((await pointsOf(`ORDER#${orderId}`)) === undefined, 'loyalty noted the order while its rule was off');
    say('  the order shipped, and loyalty knows nothing of it. Its rule is switched on again (EnableRule).');
    // The two mails (confirmation and shipment) may still be on their way when the order reads SHIPPED.
    const mailsBefore = shop.endpoints.localEdgeUrl
      ? await until("ada's two mails about it", async () => {
          const got = await shop.mailsAbout(ada, orderId);
          return got.length >= 2 ? got : undefined;
        })
      : [];

    const [archive] = (await events.send(new ListArchivesCommand({ NamePrefix: bus }))).Archives ?? [];
    expectThat(archive?.ArchiveName !== undefined, `no archive on the bus ${bus}`);
    const described = await events.send(new DescribeArchiveCommand({ ArchiveName: archive?.ArchiveName }));
    const name = `lesson-${Date.now()}`;
    const windowEnd = new Date();
    say(
      `Replaying ${archive?.ArchiveName} from ${windowStart.toISOString().slice(11, 19)} to ${windowEnd.toISOString().slice(11, 19)} to every rule of the bus (StartReplay ${name}):`,
    );
    await events.send(
      new StartReplayCommand({
        ReplayName: name,
        EventSourceArn: described.ArchiveArn,
        EventStartTime: windowStart,
        EventEndTime: windowEnd,
        Destination: { Arn: described.EventSourceArn },
      }),
    );
    await until(`the replay ${name} completing`, async () => {
      const state = (await events.send(new DescribeReplayCommand({ ReplayName: name }))).State;
      expectThat(state !== 'FAILED' && state !== 'CANCELLED', `the replay is ${state}`);
      return state === 'COMPLETED' ? true : undefined;
    });
    const replayed = (await shop.trace(orderId)).filter(
      (hop) => hop.kind === 'event' && hop.summary.startsWith(`replayed by ${name}:`),
    );
    for (const hop of replayed) say(`  ${hop.at.slice(11, 19)}  ${hop.summary}`);
    say('  every rule whose pattern matches got them again, each marked with replay-name.');

    const credited = await until(
      "loyalty crediting ada's points",
      async () => {
        const item = await pointsOf(`ORDER#${orderId}`);
        return item?.status === 'CREDITED' ? item : undefined;
      },
      120_000,
    );
    const balanceAfter = Number((await pointsOf(`CUSTOMER#${ada.customerId}`))?.balance ?? 0);
    expectThat(
      balanceAfter === balanceBefore + Number(credited.points),
      `ada's balance went from ${balanceBefore} to ${balanceAfter}, not up by ${String(credited.points)}`,
    );
    say(
      `  loyalty caught up: OrderPlaced noted ${String(credited.points)} points, OrderShipped credited them (balance ${balanceBefore} → ${balanceAfter}).`,
    );

    // The other consumers handled their copies too (the last queue delete comes after the last replayed event).
    const lastReplayed = replayed.at(-1)?.seq ?? 0;
    await until('the other consumers handling the replayed events', async () => {
      if (!shop.endpoints.localEdgeUrl) return true;
      const hops = await shop.trace(orderId);
      const deleted = hops.filter((hop) => hop.kind === 'queue' && hop.summary.startsWith('deleted')).at(-1);
      return deleted && deleted.seq > lastReplayed ? true : undefined;
    });
    const after = await shop.order(ada, orderId);
    expectThat(
      after.status === 'SHIPPED' && after.timeline.length === shipped.timeline.length,
      `the order changed: ${after.status}, ${after.timeline.length} steps`,
    );
    const mailsAfter = await shop.mailsAbout(ada, orderId);
    expectThat(
      mailsAfter.length === mailsBefore.length,
      `ada got ${mailsAfter.length - mailsBefore.length} more mails`,
    );
    say(
      `  orders, inventory, payments and notifications had the events already: the order is still SHIPPED with ${after.timeline.length} steps, and no mail went twice.`,
    );
    return `${orderId} was replayed: loyalty caught up (+${String(credited.points)} points), the others changed nothing.`;
  },
};
