import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hop } from '../../local/src/observability/trace.ts';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

/**
 * A consumer attached to the running bus with the EventBridge API, as a learner would with the
 * AWS CLI: no stack changes, no restart. It receives the events its rule matches, stops when the
 * rule is disabled, and the rule stays across a restart until it is deleted.
 */
let cloud: TestCloud;
let shop: ShopProbe;
let events: EventBridgeClient;
let sqs: SQSClient;

beforeAll(async () => {
  cloud = await startTestCloud({ env: { OUTBOX_GRACE_SECONDS: '0' } });
  shop = new ShopProbe(cloud);
  events = new EventBridgeClient(cloud.clientConfig);
  sqs = new SQSClient(cloud.clientConfig);
});

afterAll(async () => {
  await cloud?.destroy();
});

const BUS = 'shop-local';
const RULE = 'learner-order-placed';

async function placeOrder(): Promise<string> {
  const placed = await shop.placeOrder({ currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 1 }] });
  expect(placed.status).toBe(202);
  return String(placed.body.orderId);
}

/** The rules the order's OrderPlaced matched, from its trace. */
async function rulesMatchedBy(orderId: string): Promise<string[]> {
  return eventually(
    async () => {
      const hops = (await (await fetch(`${cloud.edgeUrl}/__local/trace/${orderId}`)).json()) as Hop[];
      const placed = hops.find((hop) => hop.kind === 'event' && hop.name === 'OrderPlaced');
      return placed ? ((placed.detail as { matchedRules: string[] }).matchedRules ?? []) : undefined;
    },
    30_000,
    `the OrderPlaced of ${orderId}`,
  );
}

describe('managing rules on the running bus', () => {
  it('attaches a new consumer with PutRule and PutTargets, and it receives the events at once', async () => {
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'learner-consumer' }));
    const queueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    const rule = await events.send(
      new PutRuleCommand({
        Name: RULE,
        EventBusName: BUS,
        EventPattern: JSON.stringify({ source: ['shop.orders'], 'detail-type': ['OrderPlaced'] }),
      }),
    );
    expect(rule.RuleArn).toBe(`arn:aws:events:eu-west-1:000000000000:rule/${BUS}/${RULE}`);
    const targets = await events.send(
      new PutTargetsCommand({ Rule: RULE, EventBusName: BUS, Targets: [{ Id: 'learner', Arn: queueArn }] }),
    );
    expect(targets.FailedEntryCount).toBe(0);

    const orderId = await placeOrder();
    const received = await eventually(
      async () => {
        const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, WaitTimeSeconds: 2 }));
        return answer.Messages?.find((message) => message.Body?.includes(orderId));
      },
      30_000,
      'the new consumer to receive OrderPlaced',
    );
    expect(JSON.parse(received.Body ?? '{}')).toMatchObject({ 'detail-type': 'OrderPlaced', source: 'shop.orders' });

    // Kept across a restart, as a rule made with the API stays on AWS.
    cloud = await cloud.restart();
    events = new EventBridgeClient(cloud.clientConfig);
    shop = new ShopProbe(cloud);
    expect((await events.send(new DescribeRuleCommand({ Name: RULE, EventBusName: BUS }))).State).toBe('ENABLED');
    expect(await rulesMatchedBy(await placeOrder())).toContain(RULE);
  });

  it('stops delivering when the rule is disabled, and deletes it once its targets are removed', async () => {
    await events.send(new DisableRuleCommand({ Name: RULE, EventBusName: BUS }));
    expect(await rulesMatchedBy(await placeOrder())).not.toContain(RULE);

    await expect(events.send(new DeleteRuleCommand({ Name: RULE, EventBusName: BUS }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await events.send(new RemoveTargetsCommand({ Rule: RULE, EventBusName: BUS, Ids: ['learner'] }));
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: RULE, EventBusName: BUS }))).Targets).toEqual([]);
    await events.send(new DeleteRuleCommand({ Name: RULE, EventBusName: BUS }));
    const rules = await events.send(new ListRulesCommand({ EventBusName: BUS }));
    expect(rules.Rules?.map((rule) => rule.Name)).not.toContain(RULE);
  });

  it('refuses what EventBridge refuses, and changes nothing', async () => {
    await expect(
      events.send(
        new PutRuleCommand({ Name: 'bad-pattern', EventBusName: BUS, EventPattern: '{"source": "shop.orders"}' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(
      events.send(new PutRuleCommand({ Name: 'bad name!', EventBusName: BUS, EventPattern: '{"source":["x"]}' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      events.send(
        new PutRuleCommand({ Name: 'no-bus', EventBusName: 'no-such-bus', EventPattern: '{"source":["x"]}' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await events.send(
      new PutRuleCommand({ Name: 'targets-checked', EventBusName: BUS, EventPattern: '{"source":["x"]}' }),
    );
    const failed = await events.send(
      new PutTargetsCommand({
        Rule: 'targets-checked',
        EventBusName: BUS,
        Targets: [
          { Id: 'sns', Arn: 'arn:aws:sns:eu-west-1:000000000000:topic' },
          { Id: 'gone', Arn: 'arn:aws:sqs:eu-west-1:000000000000:no-such-queue' },
        ],
      }),
    );
    expect(failed.FailedEntries?.map((entry) => entry.TargetId)).toEqual(['sns', 'gone']);
    const names = (await events.send(new ListRulesCommand({ EventBusName: BUS }))).Rules?.map((rule) => rule.Name);
    expect(names).not.toContain('bad-pattern');
    expect(names).not.toContain('no-bus');
  });
});
