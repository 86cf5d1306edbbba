import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

/**
 * New consumers join without any producer knowing: loyalty is a stack of its own whose one rule
 * listens to events orders and fulfillment already publish; and a learner attaches one more to
 * the running bus with the EventBridge API, with no deployment and no restart.
 */
export const addConsumer: SharedCloudScenario = {
  name: 'add-consumer',
  teaches:
    'A consumer joins by adding a rule, never by changing a producer: loyalty as a stack, and one attached live.',
  page: 'docs/scenarios/add-consumer.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const bus = `shop-${stage}`;
    const events = new EventBridgeClient(shop.awsClientConfig());
    const sqs = new SQSClient(shop.awsClientConfig());

    const loyaltyRule = await events.send(
      new DescribeRuleCommand({ Name: `shop-loyalty-${stage}-order-events`, EventBusName: bus }),
    );
    const loyaltyTargets = await events.send(
      new ListTargetsByRuleCommand({ Rule: String(loyaltyRule.Name), EventBusName: bus }),
    );
    say(
      `Loyalty was added as a stack of its own (services/loyalty). Its one link to the shop is a rule on the bus, ${loyaltyRule.Name}:`,
    );
    say(`  pattern ${loyaltyRule.EventPattern}`);
    say(`  target  ${loyaltyTargets.Targets?.map((target) => target.Arn).join(', ')}`);
    say('  orders and fulfillment publish exactly what they published before; none of their files changed.');

    const name = `lesson-watch-${Date.now()}`;
    say(`Now one more consumer, attached to the running bus with the EventBridge API (rule ${name}):`);
    const queueUrl = String((await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl);
    const queueArn = String(
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes
        ?.QueueArn,
    );
    const ruleArn = `arn:aws:events:${shop.endpoints.region}:${queueArn.split(':')[4]}:rule/${bus}/${name}`;
    // On AWS the queue must let EventBridge send to it, from this rule only.
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn,
                Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
              },
            ],
          }),
        },
      }),
    );
    try {
      try {
        await events.send(
          new PutRuleCommand({
            Name: name,
            EventBusName: bus,
            EventPattern: JSON.stringify({ source: 'shop.orders' }),
          }),
        );
        expectThat(false, 'a pattern whose values are not in an array was accepted');
      } catch (error) {
        const refused = error as { name?: string; message?: string };
        expectThat(refused.name === 'InvalidEventPatternException', `PutRule failed with ${String(refused.name)}`);
        say(
          `  a first try, { "source": "shop.orders" }, is refused: ${refused.name}: ${refused.message?.split('\n')[0]}`,
        );
      }
      const pattern = { source: ['shop.orders', 'shop.fulfillment'], 'detail-type': ['OrderPlaced', 'OrderShipped'] };
      await events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify(pattern) }));
      await events.send(
        new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: [{ Id: 'lesson-queue', Arn: queueArn }] }),
      );
      say(`  PutRule ${JSON.stringify(pattern)}, PutTargets → the queue ${name}. No restart.`);

      const ada = await shop.customer('ada');
      const orderId = await shop.placeOrder(ada, [{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
      say(`ada orders a mug (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
      const received: string[] = [];
      await until(
        'the new consumer receiving OrderPlaced and OrderShipped',
        async () => {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          for (const message of Messages) {
            const event = JSON.parse(message.Body ?? '{}') as {
              'detail-type': string;
              time: string;
              detail?: { data?: { orderId?: string } };
            };
            if (event.detail?.data?.orderId === orderId) {
              received.push(event['detail-type']);
              say(`  ${event.time.slice(11, 19)}  the queue ${name} received ${event['detail-type']}`);
            }
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
          }
          return received.includes('OrderPlaced') && received.includes('OrderShipped') ? true : undefined;
        },
        60_000,
      );
      const credited = await until("loyalty crediting the order's points", async () => {
        const entry = await shop.loyaltyLedger(`ORDER#${orderId}`);
        return entry?.status === 'CREDITED' ? entry : undefined;
      });
      say(`  and loyalty credited ada ${String(credited.points)} points for it, from the same two events.`);
      return `two consumers heard ${orderId}'s events, and no producer was changed for either.`;
    } finally {
      say(`The lesson's consumer is taken away again (RemoveTargets, DeleteRule, DeleteQueue).`);
      await events
        .send(new RemoveTargetsCommand({ Rule: name, EventBusName: bus, Ids: ['lesson-queue'] }))
        .catch(() => undefined);
      await events.send(new DeleteRuleCommand({ Name: name, EventBusName: bus })).catch(() => undefined);
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    }
  },
};
