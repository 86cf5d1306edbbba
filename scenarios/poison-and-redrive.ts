import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

/**
 * The operator's two dead-letter stories. A payment that could not be made for too long is
 * parked, alarms, and is redriven once the cause is gone: the order then ships. A poison message
 * (one that can never succeed) is parked at once, read, and deleted; redriving it would only
 * park it again.
 */
export const poisonAndRedrive: SharedCloudScenario = {
  name: 'poison-and-redrive',
  teaches:
    'Dead-letter queues: a parked payment alarms and is redriven after the outage; a poison message is read and deleted.',
  page: 'docs/scenarios/poison-and-redrive.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const sqs = new SQSClient(shop.awsClientConfig());
    const url = async (name: string) => String((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl);
    const attributes = async (queueUrl: string, names: string[]) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names as never })))
        .Attributes ?? {};
    const visible = async (queueUrl: string) =>
      Number((await attributes(queueUrl, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages ?? 0);
    const paymentQueue = await url(`shop-payments-${stage}-payment`);
    const deadLetters = await url(`shop-payments-${stage}-payment-dlq`);
    const deadLettersArn = String((await attributes(deadLetters, ['QueueArn'])).QueueArn);
    const alarmName = `shop-payments-${stage}-payment-dlq-not-empty`;
    expectThat(
      (await visible(deadLetters)) === 0,
      `the payment DLQ already holds ${await visible(deadLetters)} messages: redrive or purge them first`,
    );
    const redrivePolicy = String((await attributes(paymentQueue, ['RedrivePolicy'])).RedrivePolicy);
    const okMailsBefore = (await shop.operatorMails(alarmName, 'OK')).length;
    const alarmMailsBefore = (await shop.operatorMails(alarmName, 'ALARM')).length;

    say('1. A payment parked, and redriven.');
    say(
      `  The payment queue gives up on a message after ${JSON.parse(redrivePolicy).maxReceiveCount} receives (about 3 h 45 min of outage). To see it in a minute, its redrive policy is cut to 1 receive (SetQueueAttributes), and the provider goes down.`,
    );
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: paymentQueue,
        Attributes: { RedrivePolicy: JSON.stringify({ ...JSON.parse(redrivePolicy), maxReceiveCount: 1 }) },
      }),
    );
    await shop.provider('outage');
    let orderId = '';
    try {
      const ada = await shop.customer('ada');
      orderId = await shop.placeOrder(ada, [{ sku: 'CAP-NAVY', quantity: 1 }]);
      say(`  ada orders a cap (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
      await until('the payment parked in the DLQ', async () => ((await visible(deadLetters)) > 0 ? true : undefined));
      const [parked] =
        (
          await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: deadLetters,
              VisibilityTimeout: 0,
              MessageSystemAttributeNames: ['All'],
            }),
          )
        ).Messages ?? [];
      const body = JSON.parse(parked?.Body ?? '{}') as {
        'detail-type'?: string;
        detail?: { data?: { orderId?: string } };
      };
      expectThat(body.detail?.data?.orderId === orderId, 'another message is in the payment DLQ');
      say(
        `  the payment failed its one allowed receive and SQS moved it to shop-payments-${stage}-payment-dlq: ${body['detail-type']} of ${orderId}, received ${parked?.Attributes?.ApproximateReceiveCount} times.`,
      );
      say(
        `  Its alarm ${alarmName} watches the DLQ's visible messages, sampled each minute: up to two minutes with AWS's timing (npm start -- --alarm-time-scale 60 makes it seconds).`,
      );
      say(`  ${alarmName} is ALARM: ${await shop.waitForAlarm(alarmName, 'ALARM')}`);
      const alarmMail = await until("the operators' mail", async () => {
        const mails = await shop.operatorMails(alarmName, 'ALARM');
        return !shop.endpoints.localEdgeUrl || mails.length > alarmMailsBefore
          ? (mails.at(-1) ?? '(their inbox)')
          : undefined;
      });
      say(`  the operators are mailed: "${alarmMail}"`);

      say('  The operator finds the cause (the provider), waits until it is back, restores the policy, and redrives:');
      await shop.provider('up');
      await sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: paymentQueue, Attributes: { RedrivePolicy: redrivePolicy } }),
      );
      const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLettersArn }));
      say(`  StartMessageMoveTask from the DLQ back to its source (task ${String(task.TaskHandle).slice(0, 16)}...)`);
      const moved = await until('the move task completing', async () => {
        const [result] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: deadLettersArn }))).Results ?? [];
        return result?.Status === 'COMPLETED' ? result : undefined;
      });
      say(`  moved ${moved.ApproximateNumberOfMessagesMoved} message(s); the payment is tried again:`);
      const shipped = await shop.follow(ada, orderId, ['SHIPPED', 'CANCELLED'], say);
      expectThat(shipped.status === 'SHIPPED', `the redriven order ended ${shipped.status}`);
      say(`  ${alarmName} is OK again: ${await shop.waitForAlarm(alarmName, 'OK')}`);
      const okMail = await until("the operators' OK mail", async () => {
        const mails = await shop.operatorMails(alarmName, 'OK');
        return !shop.endpoints.localEdgeUrl || mails.length > okMailsBefore
          ? (mails.at(-1) ?? '(their inbox)')
          : undefined;
      });
      say(`  and the operators are told: "${okMail}"`);
    } finally {
      await shop.provider('up');
      await sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: paymentQueue, Attributes: { RedrivePolicy: redrivePolicy } }),
      );
    }

    say('2. A poison message: one that can never succeed.');
    const poisonId = `ord_POISON${Date.now()}`;
    const inventoryDlq = await url(`shop-inventory-${stage}-order-placed-dlq`);
    const loyaltyDlq = await url(`shop-loyalty-${stage}-order-events-dlq`);
    const events = new EventBridgeClient(shop.awsClientConfig());
    await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: `shop-${stage}`,
            Source: 'shop.orders',
            DetailType: 'OrderPlaced',
            Detail: JSON.stringify({
              metadata: {
                eventId: crypto.randomUUID(),
                idempotencyKey: `OrderPlaced:${poisonId}`,
                correlationId: poisonId,
                causationId: `req-${poisonId}`,
                occurredAt: new Date().toISOString(),
                version: 1,
              },
              data: {
                orderId: poisonId,
                customerId: 'cus-poison',
                total: { amount: '23.51', currency: 'EUR' },
                lineCount: 1,
              },
            }),
          },
        ],
      }),
    );
    say(
      `  a buggy producer publishes OrderPlaced ${poisonId} with its amount as text ("23.51"), not integer cents. Each consumer validates it against the catalog's schema:`,
    );
    for (const [service, queueUrl] of [
      ['inventory', inventoryDlq],
      ['loyalty', loyaltyDlq],
    ] as const) {
      const message = await until(`${service} parking the poison`, async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
            MessageAttributeNames: ['All'],
          }),
        );
        return Messages.find((candidate) => candidate.Body?.includes(poisonId));
      });
      const issues = message.MessageAttributes?.validationIssues?.StringValue ?? '';
      say(`  ${service} parked it at once, without retrying, in its DLQ; why: ${issues.split('\n')[0]}`);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    say(
      '  Redriving it would only park it again: the operator reads it, has the producer fixed, and deletes it (DeleteMessage).',
    );
    return `${orderId}'s payment was parked, alarmed, redriven and shipped; the poison was parked at once and deleted.`;
  },
};
