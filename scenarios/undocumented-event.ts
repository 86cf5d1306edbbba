import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

export const undocumentedEvent: SharedCloudScenario = {
  name: 'undocumented-event',
  teaches:
    'An event the catalog does not document is caught on the bus: the detector logs it, counts it, and its alarm tells the operators.',
  page: 'docs/scenarios/undocumented-event.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const detailType = `OrderGiftWrapped${Date.now()}`;
    say(`A producer publishes "${detailType}" v1, an event type nobody put in the catalog.`);
    const alreadyAlarming = (await shop.alarmState(`shop-platform-${stage}-undocumented-events`)) === 'ALARM';
    const mailsBefore = (await shop.operatorMails(`shop-platform-${stage}-undocumented-events`, 'ALARM')).length;
    const events = new EventBridgeClient(shop.awsClientConfig());
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: `shop-${stage}`,
            Source: 'shop.orders',
            DetailType: detailType,
            Detail: JSON.stringify({ metadata: { version: 1 }, data: {} }),
          },
        ],
      }),
    );
    expectThat(put.FailedEntryCount === 0, 'the bus refused the event');
    say("The platform's catch-all rule sends every shop event to the detector, which checks it against the catalog:");
    const logs = new CloudWatchLogsClient(shop.awsClientConfig());
    const line = await until(
      'the detector reporting the event',
      async () =>
        (
          await logs.send(
            new FilterLogEventsCommand({
              logGroupName: `/aws/lambda/shop-platform-${stage}-detectUndocumentedEvents`,
              filterPattern: `{ $.message = "Undocumented event on the bus" && $.detailType = "${detailType}" }`,
            }),
          )
        ).events?.[0]?.message,
      30_000,
    );
    say(`  its log (CloudWatch Logs): ${line.slice(0, 160)}`);
    const alarmName = `shop-platform-${stage}-undocumented-events`;
    say(
      `It also counted it (Shop/Catalog UndocumentedEvents). The alarm ${alarmName} watches that count; it is evaluated each minute:`,
    );
    if (alreadyAlarming) {
      say(
        `  ${alarmName} was already in ALARM (an undocumented event in the last five minutes): the operators were mailed then, and it stays in ALARM.`,
      );
      return `${detailType} was caught on the bus and reported by the detector; its alarm was already firing.`;
    }
    const latency = await shop.alarmLatencyMs(alarmName);
    say(
      `  on AWS's timing it fires within about ${Math.round(latency / 60_000) - 2} minutes of the event (\`npm start -- --alarm-time-scale 60\` runs its periods sixty times faster):`,
    );
    const reason = await shop.waitForAlarm(alarmName, 'ALARM', latency);
    say(`  ${alarmName} is ALARM: ${reason}`);
    if (!shop.endpoints.localEdgeUrl) {
      say("  the operations rule turns the alarm's state change into a mail to the operators: look in their inbox.");
    } else {
      const mail = await until("the operators' mail", async () => {
        const mails = await shop.operatorMails(alarmName, 'ALARM');
        return mails.length > mailsBefore ? mails.at(-1) : undefined;
      });
      say(`  the operations rule turned the alarm's state change into a mail to the operators: "${mail}"`);
    }
    return `${detailType} was caught on the bus, reported by the detector, and its alarm told the operators.`;
  },
};
