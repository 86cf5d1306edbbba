import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  type Rule,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { catalogEntry } from '@shop/events';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

const EVENT = 'InventoryReserved';

/** The `required` list of the schema's `data`. */
function requiredData(version: number): string[] {
  const schema = catalogEntry(EVENT, version)?.schema as
    | { properties?: { data?: { required?: string[] } } }
    | undefined;
  return schema?.properties?.data?.required ?? [];
}

/** Every rule on the bus, page by page. */
async function rulesOf(events: EventBridgeClient, bus: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await events.send(new ListRulesCommand({ EventBusName: bus, ...(NextToken ? { NextToken } : {}) }));
    rules.push(...(page.Rules ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return rules;
}

/**
 * `InventoryReserved` v2 added a required field, the customer, so that payments no longer asks
 * orders whose card to charge. A breaking change, rolled out by expand and contract: inventory
 * published v2 and a v1 copy, payments moved, then orders, then v1 was retired. The lesson reads
 * the outcome from the running system: who reads which version (asked of the bus's rules with
 * TestEventPattern), what inventory publishes, that payments charges without a call to orders,
 * that consumers read past a field added later, and that a stale v1 is caught.
 */
export const schemaEvolution: SharedCloudScenario = {
  name: 'schema-evolution',
  teaches:
    'A breaking change as a new version, rolled out by expand and contract: InventoryReserved v2 carries the customer, v1 is retired, and readers are tolerant.',
  page: 'docs/scenarios/schema-evolution.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const bus = `shop-${stage}`;
    const events = new EventBridgeClient(shop.awsClientConfig());
    const v1 = catalogEntry(EVENT, 1);
    const v2 = catalogEntry(EVENT, 2);
    expectThat(v1 !== undefined && v2 !== undefined, `the catalog has no ${EVENT} v1 and v2`);
    const added = requiredData(2).filter((field) => !requiredData(1).includes(field));
    say(`The catalog (events/catalog/${EVENT}/) keeps both versions:`);
    say(`  v1 ${v1?.status}: data requires ${requiredData(1).join(', ')}`);
    say(
      `  v2 ${v2?.status}: adds the required ${added.join(', ')}; a new required field is a breaking change, so a new version`,
    );

    say(`Who reads which version, asked of the rules on ${bus} (TestEventPattern with each version's example):`);
    const readers = new Map<number, string[]>();
    const rules = (await rulesOf(events, bus)).filter(
      // The platform's own rules (audit, detector) see every event; they are not its readers.
      (rule) => rule.EventPattern !== undefined && !String(rule.Name).startsWith(`${bus}-`),
    );
    for (const entry of [v1, v2]) {
      if (!entry) continue;
      const example = { ...entry.examples[0], region: shop.endpoints.region };
      const matching: string[] = [];
      for (const rule of rules) {
        const { Result } = await events.send(
          new TestEventPatternCommand({ EventPattern: rule.EventPattern, Event: JSON.stringify(example) }),
        );
        if (Result) matching.push(String(rule.Name));
      }
      readers.set(entry.version, matching);
      say(`  v${entry.version}: ${matching.length === 0 ? 'no rule reads it' : matching.join(', ')}`);
    }
    expectThat((readers.get(1) ?? []).length === 0, `rules still read the retired v1: ${readers.get(1)?.join(', ')}`);
    for (const service of ['payments', 'orders']) {
      expectThat(
        (readers.get(2) ?? []).some((rule) => rule.startsWith(`shop-${service}-`)),
        `${service} has no rule reading v2`,
      );
    }

    const ada = await shop.customer('ada');
    const orderId = await shop.placeOrder(ada, [{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
    say(`ada orders a mug (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
    const reserved = await shop.waitForEvent(orderId, EVENT);
    const paid = await shop.follow(ada, orderId, ['PAID', 'SHIPPED', 'CANCELLED'], say);
    expectThat(paid.status !== 'CANCELLED', 'the order was cancelled');
    const published = (await shop.eventsAbout(orderId)).filter((event) => event['detail-type'] === EVENT);
    say(
      `Inventory published ${published.length} ${EVENT}: ${published.map((event) => `v${String(event.detail.metadata.version)}`).join(', ')}, with customerId ${String(reserved.detail.data.customerId)}`,
    );
    expectThat(
      published.every((event) => event.detail.metadata.version === 2),
      'a retired v1 was still published',
    );
    expectThat(reserved.detail.data.customerId === ada.customerId, "v2 does not name ada's customer id");

    const trace = await shop.trace(orderId);
    if (trace.length === 0) {
      say('  (no local trace: on AWS, the X-Ray trace of capturePayment shows no call to readOrder)');
    } else {
      const seqOf = (name: string) => trace.find((hop) => hop.kind === 'event' && hop.name === name)?.seq ?? 0;
      const [from, to] = [seqOf(EVENT), seqOf('PaymentCaptured')];
      const reads = trace.filter((hop) => hop.kind === 'invocation' && hop.name === 'readOrder');
      const duringPayment = reads.filter((hop) => hop.seq > from && hop.seq < to);
      say(
        `Payments charged ada without asking orders: of the ${reads.length} calls to orders' readOrder for this order, none came between ${EVENT} and PaymentCaptured (with v1 there was one there, every order).`,
      );
      expectThat(from > 0 && to > from, `the trace lacks ${EVENT} or PaymentCaptured`);
      expectThat(
        duringPayment.length === 0,
        `readOrder was called ${duringPayment.length} times while payments charged`,
      );
    }

    say(
      `Tomorrow inventory may add an optional field to v2 (a compatible change). Consumers built before it are tolerant readers: ${EVENT} is sent again with data.giftWrap, a field they do not know:`,
    );
    const withNewField = { ...reserved.detail, data: { ...reserved.detail.data, giftWrap: { paper: 'gold' } } };
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: bus, Source: reserved.source, DetailType: EVENT, Detail: JSON.stringify(withNewField) },
        ],
      }),
    );
    expectThat(put.FailedEntryCount === 0, 'the bus refused the event');
    const logs = new CloudWatchLogsClient(shop.awsClientConfig());
    for (const [service, fn] of [
      ['payments', 'capturePayment'],
      ['orders', 'followOrder'],
    ] as const) {
      await until(`${service} reading the event`, async () => {
        const found = await logs.send(
          new FilterLogEventsCommand({
            logGroupName: `/aws/lambda/shop-${service}-${stage}-${fn}`,
            filterPattern: `"Duplicate delivery" "${orderId}"`,
          }),
        );
        return (found.events?.length ?? 0) > 0 ? true : undefined;
      });
      say(
        `  ${service.padEnd(9)} read it (the unknown field dropped), recognised the fact by its idempotency key and did nothing twice`,
      );
    }

    say(`A producer that was never moved still publishes the retired v1 (for an order that does not exist):`);
    const staleOrder = `ord_STALE${Date.now()}`;
    const stale = {
      ...(v1?.examples[0]?.detail as { metadata: Record<string, unknown>; data: Record<string, unknown> }),
    };
    const staleDetail = {
      metadata: {
        ...stale.metadata,
        eventId: crypto.randomUUID(),
        idempotencyKey: `${EVENT}:${staleOrder}`,
        correlationId: staleOrder,
      },
      data: { ...stale.data, orderId: staleOrder },
    };
    const sent = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: bus, Source: 'shop.inventory', DetailType: EVENT, Detail: JSON.stringify(staleDetail) },
        ],
      }),
    );
    const staleEventId = String(sent.Entries?.[0]?.EventId);
    const caught = await until('the detector reporting the retired version', async () => {
      const found = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: `/aws/lambda/shop-platform-${stage}-detectUndocumentedEvents`,
          filterPattern: `{ $.message = "Retired event version on the bus" && $.detailType = "${EVENT}" }`,
        }),
      );
      return found.events?.find((event) => event.message?.includes(staleEventId));
    });
    say(
      `  no rule reads v1 any more; the undocumented-event detector logs: "${String((JSON.parse(caught.message ?? '{}') as { message?: string }).message)}" (v1)`,
    );

    return `${EVENT} v2 is what inventory publishes and payments and orders read; v1 is retired, and a stale v1 is caught.`;
  },
};
