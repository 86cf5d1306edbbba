import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SetQueueAttributesCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

/**
 * The operator's loop, end to end: a payment outage outlasts the payment queue's redrive policy,
 * the order's payment lands in the dead-letter queue, the queue's alarm fires and the operators
 * get a mail; once the provider is back, `StartMessageMoveTask` redrives the payment, the order is
 * charged and shipped, and the alarm returns to OK with a second mail.
 *
 * CloudWatch runs 60 times faster than AWS here (a 60-second period lasts one second), which the
 * start-up report says; on AWS's timing the same alarm fires within about two minutes.
 */
const TIME_SCALE = 60;
const OPERATORS = 'operators@shop.example';

let cloud: TestCloud;
let shop: ShopProbe;
let sqs: SQSClient;
let cloudWatch: CloudWatchClient;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  cloud = await startTestCloud({ cloudWatchTimeScale: TIME_SCALE, env: { OUTBOX_GRACE_SECONDS: '0' } });
  shop = new ShopProbe(cloud);
  sqs = new SQSClient(cloud.clientConfig);
  cloudWatch = new CloudWatchClient(cloud.clientConfig);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
});

afterAll(async () => {
  await cloud?.destroy();
});

function queue(logicalId: string) {
  const found = cloud.topology.queues.find((candidate) => candidate.logicalId === logicalId);
  if (!found) throw new Error(`no queue ${logicalId}`);
  return found;
}

async function setProvider(settings: Record<string, unknown>): Promise<void> {
  const table = cloud.topology.tables.find(
    (candidate) => candidate.stackName.startsWith('shop-payments') && candidate.logicalId === 'PaymentsTable',
  );
  await documents.send(
    new PutCommand({ TableName: String(table?.properties.TableName), Item: { pk: 'PROVIDER#settings', ...settings } }),
  );
}

async function alarmState(name: string): Promise<string | undefined> {
  const answer = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return answer.MetricAlarms?.[0]?.StateValue;
}

const operatorMails = () => cloud.ses.listMailbox({ to: OPERATORS });

describe('alarms on the local cloud', () => {
  it('has an alarm on every dead-letter queue, each reaching the operators through the default bus', async () => {
    const dlqs = cloud.topology.queues.filter((candidate) =>
      cloud.topology.queues.some((source) => source.attributes.RedrivePolicy?.includes(`"${candidate.arn}"`)),
    );
    expect(dlqs.length).toBeGreaterThan(5);
    const alarms = (await cloudWatch.send(new DescribeAlarmsCommand({ MaxRecords: 100 }))).MetricAlarms ?? [];
    for (const dlq of dlqs) {
      const name = dlq.arn.split(':')[5];
      const alarm = alarms.find(
        (candidate) =>
          candidate.Namespace === 'AWS/SQS' &&
          candidate.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          candidate.Dimensions?.some((dimension) => dimension.Name === 'QueueName' && dimension.Value === name),
      );
      expect(alarm, name).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        ActionsEnabled: true,
      });
    }
    const operations = cloud.topology.rules.find(
      (rule) => rule.busName === 'default' && rule.eventPattern !== undefined,
    );
    expect(operations?.targets.map((target) => target.arn.split(':').pop())).toEqual([
      cloud.topology.functions.find((fn) => fn.key === 'notifyOperators')?.name,
    ]);
    expect(operations?.eventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
    });
  });

  it('fires when a payment is parked in the dead-letter queue, tells the operators, and clears after a redrive', async () => {
    const paymentQueue = queue('PaymentQueue');
    const deadLetters = queue('PaymentDeadLetterQueue');
    const alarmName = `${deadLetters.arn.split(':')[5]}-not-empty`;
    const redrive = JSON.parse(paymentQueue.attributes.RedrivePolicy ?? '{}') as Record<string, unknown>;
    await eventually(
      async () => ((await alarmState(alarmName)) === 'OK' ? true : undefined),
      30_000,
      'the alarm to start OK',
    );

    // The outage outlasts the queue's patience: here one receive instead of fifty (3 h 45 min).
    await setProvider({ mode: 'outage' });
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: paymentQueue.url,
        Attributes: { RedrivePolicy: JSON.stringify({ ...redrive, maxReceiveCount: 1 }) },
      }),
    );
    const customer = await shop.customer('alarmed');
    const placed = await shop.placeOrder(
      { currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 1 }] },
      {},
      customer,
    );
    expect(placed.status).toBe(202);
    const orderId = String(placed.body.orderId);

    const fired = await eventually(
      async () => operatorMails().find((mail) => mail.subject === `ALARM: "${alarmName}" in ${cloud.topology.region}`),
      60_000,
      'the operators to be mailed about the parked payment',
    );
    expect(fired.text).toContain('start-message-move-task');
    expect(await alarmState(alarmName)).toBe('ALARM');
    expect(cloud.sqs.queueStats(deadLetters.arn).visible).toBe(1);
    expect(String((await shop.getOrder(orderId, customer)).body.status)).toBe('RESERVED');

    // The provider is back: put the policy back and redrive the dead-letter queue the AWS way.
    await setProvider({ mode: 'up' });
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: paymentQueue.url,
        Attributes: { RedrivePolicy: JSON.stringify(redrive) },
      }),
    );
    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetters.arn }));
    expect(task.TaskHandle).toBeTruthy();

    await eventually(
      async () => (String((await shop.getOrder(orderId, customer)).body.status) === 'SHIPPED' ? true : undefined),
      60_000,
      'the redriven order to ship',
    );
    const recovered = await eventually(
      async () => operatorMails().find((mail) => mail.subject === `OK: "${alarmName}" in ${cloud.topology.region}`),
      60_000,
      'the operators to be told the alarm is OK again',
    );
    expect(recovered.text).toContain('went from ALARM to OK');
    expect(await alarmState(alarmName)).toBe('OK');
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: deadLetters.arn }));
    expect(tasks.Results?.[0]).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 });
    const depth = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetters.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(depth.Attributes?.ApproximateNumberOfMessages).toBe('0');

    const history = await cloudWatch.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: alarmName,
        HistoryItemType: 'StateUpdate',
        ScanBy: 'TimestampAscending',
      }),
    );
    expect(history.AlarmHistoryItems?.map((item) => item.HistorySummary)).toEqual(
      expect.arrayContaining(['Alarm updated from OK to ALARM', 'Alarm updated from ALARM to OK']),
    );
    // Only the alarm that fired mailed the operators: one ALARM mail and one OK mail.
    expect(operatorMails().filter((mail) => mail.subject.includes(alarmName))).toHaveLength(2);
  });

  it('answers GetMetricData with the metrics AWS services publish for what ran', async () => {
    const capture = cloud.topology.functions.find((fn) => fn.key === 'capturePayment');
    const now = Date.now();
    const answer = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 3_600_000),
        EndTime: new Date(now + 60_000),
        MetricDataQueries: [
          {
            Id: 'invocations',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Invocations',
                Dimensions: [{ Name: 'FunctionName', Value: capture?.name }],
              },
              Period: 3600,
              Stat: 'Sum',
            },
          },
          {
            Id: 'started',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/States',
                MetricName: 'ExecutionsSucceeded',
                Dimensions: [{ Name: 'StateMachineArn', Value: cloud.topology.stateMachines[0]?.arn }],
              },
              Period: 3600,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    const total = (id: string) =>
      (answer.MetricDataResults?.find((result) => result.Id === id)?.Values ?? []).reduce(
        (sum, value) => sum + value,
        0,
      );
    expect(total('invocations')).toBeGreaterThanOrEqual(2);
    expect(total('started')).toBeGreaterThanOrEqual(1);
  });
});
