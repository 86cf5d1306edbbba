import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EdgeServer } from '../edge/edge-server.ts';
import { ACCOUNT_ID, createFakeClock, createTempDir, type FakeClock, REGION } from '../sqs/test-support.ts';
import { type AlarmStateChange, type CloudWatchService, createCloudWatchService } from './index.ts';

const MINUTE = 60_000;
const DLQ_ALARM = {
  AlarmName: 'payments-dlq-not-empty',
  AlarmDescription: 'A payment request failed three times and waits in the dead-letter queue.',
  Namespace: 'AWS/SQS',
  MetricName: 'ApproximateNumberOfMessagesVisible',
  Dimensions: [{ Name: 'QueueName', Value: 'payments-dlq' }],
  Statistic: 'Maximum' as const,
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold' as const,
  TreatMissingData: 'notBreaching',
  AlarmActions: [`arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:operations-notify`],
  OKActions: [`arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:operations-notify`],
};

interface Harness {
  readonly service: CloudWatchService;
  readonly clock: FakeClock;
  readonly changes: AlarmStateChange[];
  readonly invocations: Array<{ functionArn: string; payload: unknown }>;
  readonly json: CloudWatchClient;
  readonly cbor: CloudWatchClient;
  readonly url: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function startHarness(): Promise<Harness> {
  const dir = createTempDir();
  // Whole minutes, so that periods line up with the clock.
  const clock = createFakeClock(Date.UTC(2026, 11, 5, 12, 0, 0));
  const changes: AlarmStateChange[] = [];
  const invocations: Array<{ functionArn: string; payload: unknown }> = [];
  const edge = new EdgeServer({ onLog: () => {} });
  const create = () =>
    createCloudWatchService({
      dataDir: dir.path,
      region: REGION,
      accountId: ACCOUNT_ID,
      clock: clock.now,
      evaluateOnTimer: false,
      onStateChange: (change) => changes.push(change),
      invokeFunction: (functionArn, payload) => invocations.push({ functionArn, payload }),
    });
  let service = create();
  edge.register({
    name: 'cloudwatch',
    claims: (request) => service.edgeServices.some((candidate) => candidate.claims(request)),
    handle: (request) =>
      (
        service.edgeServices.find((candidate) => candidate.claims(request)) as (typeof service.edgeServices)[number]
      ).handle(request),
  });
  const port = await edge.listen(0);
  const config = {
    endpoint: `http://127.0.0.1:${port}`,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  const json = new CloudWatchClient(config);
  const cbor = new CloudWatchClient({ ...config, protocol: AwsSmithyRpcV2CborProtocol });
  return {
    get service() {
      return service;
    },
    clock,
    changes,
    invocations,
    json,
    cbor,
    url: config.endpoint,
    async restart() {
      service.close();
      service = create();
    },
    async close() {
      json.destroy();
      cbor.destroy();
      service.close();
      await edge.close();
      dir.remove();
    },
  };
}

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

describe.each(['json', 'cbor'] as const)('CloudWatch metrics over %s', (protocol) => {
  const client = () => harness[protocol];

  it('aggregates PutMetricData datapoints into per-period statistics', async () => {
    const now = new Date(harness.clock.now());
    await client().send(
      new PutMetricDataCommand({
        Namespace: 'Shop',
        MetricData: [
          {
            MetricName: 'OrdersPlaced',
            Dimensions: [{ Name: 'service', Value: 'orders' }],
            Value: 1,
            Unit: 'Count',
            Timestamp: now,
          },
          {
            MetricName: 'OrdersPlaced',
            Dimensions: [{ Name: 'service', Value: 'orders' }],
            Value: 3,
            Unit: 'Count',
            Timestamp: now,
          },
          {
            MetricName: 'OrdersPlaced',
            Dimensions: [{ Name: 'service', Value: 'orders' }],
            Values: [2, 5],
            Counts: [1, 2],
            Unit: 'Count',
            Timestamp: new Date(now.getTime() + MINUTE),
          },
        ],
      }),
    );
    const answer = await client().send(
      new GetMetricStatisticsCommand({
        Namespace: 'Shop',
        MetricName: 'OrdersPlaced',
        Dimensions: [{ Name: 'service', Value: 'orders' }],
        StartTime: new Date(now.getTime() - MINUTE),
        EndTime: new Date(now.getTime() + 2 * MINUTE),
        Period: 60,
        Statistics: ['Sum', 'SampleCount', 'Average', 'Minimum', 'Maximum'],
      }),
    );
    const datapoints = [...(answer.Datapoints ?? [])].sort(
      (a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0),
    );
    expect(answer.Label).toBe('OrdersPlaced');
    expect(datapoints).toEqual([
      { Timestamp: now, Sum: 4, SampleCount: 2, Average: 2, Minimum: 1, Maximum: 3, Unit: 'Count' },
      {
        Timestamp: new Date(now.getTime() + MINUTE),
        Sum: 12,
        SampleCount: 3,
        Average: 4,
        Minimum: 2,
        Maximum: 5,
        Unit: 'Count',
      },
    ]);
  });

  it('answers GetMetricData newest first and ListMetrics by namespace and dimension', async () => {
    const start = harness.clock.now();
    for (const [offset, value] of [
      [0, 10],
      [MINUTE, 20],
      [2 * MINUTE, 30],
    ] as const) {
      await client().send(
        new PutMetricDataCommand({
          Namespace: 'Shop',
          MetricData: [
            { MetricName: 'PaymentLatency', Value: value, Timestamp: new Date(start + offset), Unit: 'Milliseconds' },
          ],
        }),
      );
    }
    await client().send(
      new PutMetricDataCommand({
        Namespace: 'Other',
        MetricData: [{ MetricName: 'Noise', Dimensions: [{ Name: 'QueueName', Value: 'q' }], Value: 1 }],
      }),
    );
    const data = await client().send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(start + 3 * MINUTE),
        MetricDataQueries: [
          {
            Id: 'p',
            MetricStat: { Metric: { Namespace: 'Shop', MetricName: 'PaymentLatency' }, Period: 60, Stat: 'Average' },
          },
          {
            Id: 'hidden',
            ReturnData: false,
            MetricStat: { Metric: { Namespace: 'Other', MetricName: 'Noise' }, Period: 60, Stat: 'Sum' },
          },
        ],
      }),
    );
    expect(data.MetricDataResults).toEqual([
      {
        Id: 'p',
        Label: 'PaymentLatency',
        StatusCode: 'Complete',
        Timestamps: [new Date(start + 2 * MINUTE), new Date(start + MINUTE), new Date(start)],
        Values: [30, 20, 10],
      },
    ]);
    const listed = await client().send(new ListMetricsCommand({ Dimensions: [{ Name: 'QueueName' }] }));
    expect(listed.Metrics).toEqual([
      { Namespace: 'Other', MetricName: 'Noise', Dimensions: [{ Name: 'QueueName', Value: 'q' }] },
    ]);
    const shop = await client().send(new ListMetricsCommand({ Namespace: 'Shop' }));
    expect(shop.Metrics?.map((metric) => metric.MetricName)).toEqual(['PaymentLatency']);
  });

  it('refuses what CloudWatch refuses, with its error codes', async () => {
    await expect(
      client().send(new PutMetricDataCommand({ Namespace: 'AWS/SQS', MetricData: [{ MetricName: 'x', Value: 1 }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    await expect(
      client().send(
        new GetMetricStatisticsCommand({
          Namespace: 'Shop',
          MetricName: 'x',
          StartTime: new Date(harness.clock.now() - MINUTE),
          EndTime: new Date(harness.clock.now()),
          Period: 45,
          Statistics: ['Sum'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(
      client().send(new PutMetricAlarmCommand({ ...DLQ_ALARM, EvaluationPeriods: 0 })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await expect(client().send(new GetDashboardCommand({ DashboardName: 'missing' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const alarms = await client().send(new DescribeAlarmsCommand({}));
    expect(alarms.MetricAlarms).toEqual([]);
  });
});

describe('CloudWatch alarms', () => {
  const publishDlqDepth = (value: number, at: number) =>
    harness.service.metrics.publish(
      {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: [{ Name: 'QueueName', Value: 'payments-dlq' }],
      },
      value,
      'Count',
      at,
    );

  it('goes to ALARM when a dead-letter queue holds a message, and back to OK when it is drained', async () => {
    await harness.json.send(new PutMetricAlarmCommand(DLQ_ALARM));
    let [alarm] =
      (await harness.cbor.send(new DescribeAlarmsCommand({ AlarmNames: [DLQ_ALARM.AlarmName] }))).MetricAlarms ?? [];
    expect(alarm).toMatchObject({
      AlarmName: DLQ_ALARM.AlarmName,
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${DLQ_ALARM.AlarmName}`,
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      ActionsEnabled: true,
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });

    publishDlqDepth(1, harness.clock.now() + 5_000);
    harness.clock.advance(MINUTE);
    harness.service.alarms.evaluate();
    [alarm] = (await harness.json.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }))).MetricAlarms ?? [];
    expect(alarm?.StateValue).toBe('ALARM');
    expect(alarm?.StateReason).toBe(
      'Threshold Crossed: 1 datapoint [1.0 (05/12/26 12:00:00)] was greater than the threshold (0.0).',
    );
    expect(
      harness.changes.map((change) => [change.alarmName, (change.detail.state as { value: string }).value]),
    ).toEqual([[DLQ_ALARM.AlarmName, 'ALARM']]);
    expect(harness.changes[0]?.detail).toMatchObject({
      previousState: { value: 'INSUFFICIENT_DATA' },
      configuration: {
        description: DLQ_ALARM.AlarmDescription,
        metrics: [
          {
            metricStat: {
              metric: {
                namespace: 'AWS/SQS',
                name: 'ApproximateNumberOfMessagesVisible',
                dimensions: { QueueName: 'payments-dlq' },
              },
              period: 60,
              stat: 'Maximum',
            },
          },
        ],
      },
    });
    expect(harness.invocations).toEqual([
      {
        functionArn: DLQ_ALARM.AlarmActions[0],
        payload: expect.objectContaining({
          source: 'aws.cloudwatch',
          alarmArn: alarm?.AlarmArn,
          alarmData: harness.changes[0]?.detail,
        }),
      },
    ]);

    // Drained: the queue reports zero, then nothing at all; not breaching either way.
    publishDlqDepth(0, harness.clock.now() + 5_000);
    harness.clock.advance(MINUTE);
    harness.service.alarms.evaluate();
    harness.clock.advance(MINUTE);
    harness.service.alarms.evaluate();
    [alarm] = (await harness.json.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
    expect(alarm?.StateValue).toBe('OK');
    expect(
      harness.invocations.map(
        (invocation) => (invocation.payload as { alarmData: { state: { value: string } } }).alarmData.state.value,
      ),
    ).toEqual(['ALARM', 'OK']);

    const history = await harness.cbor.send(
      new DescribeAlarmHistoryCommand({ AlarmName: DLQ_ALARM.AlarmName, ScanBy: 'TimestampAscending' }),
    );
    expect(history.AlarmHistoryItems?.map((item) => [item.HistoryItemType, item.HistorySummary])).toEqual([
      ['ConfigurationUpdate', `Alarm "${DLQ_ALARM.AlarmName}" created`],
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
      ['Action', `Successfully executed action ${DLQ_ALARM.AlarmActions[0]}`],
      ['StateUpdate', 'Alarm updated from ALARM to OK'],
      ['Action', `Successfully executed action ${DLQ_ALARM.OKActions[0]}`],
    ]);
  });

  it('runs no actions while they are disabled, and records actions it cannot run as failed', async () => {
    await harness.json.send(
      new PutMetricAlarmCommand({
        ...DLQ_ALARM,
        AlarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT_ID}:operators`],
        OKActions: [],
      }),
    );
    await harness.json.send(
      new SetAlarmStateCommand({
        AlarmName: DLQ_ALARM.AlarmName,
        StateValue: 'ALARM',
        StateReason: 'testing the action',
      }),
    );
    const history = await harness.json.send(
      new DescribeAlarmHistoryCommand({ AlarmName: DLQ_ALARM.AlarmName, HistoryItemType: 'Action' }),
    );
    expect(history.AlarmHistoryItems?.[0]?.HistorySummary).toMatch(/^Failed to execute action arn:aws:sns:/);
    expect(harness.changes).toHaveLength(1);

    await harness.json.send(new PutMetricAlarmCommand({ ...DLQ_ALARM, ActionsEnabled: false }));
    await harness.json.send(
      new SetAlarmStateCommand({ AlarmName: DLQ_ALARM.AlarmName, StateValue: 'OK', StateReason: 'testing' }),
    );
    expect(harness.invocations).toEqual([]);
    // The state change is an event whether or not actions run.
    expect(harness.changes).toHaveLength(2);
  });

  it('keeps alarms, their states and the metrics across a restart', async () => {
    await harness.json.send(new PutMetricAlarmCommand(DLQ_ALARM));
    publishDlqDepth(2, harness.clock.now() + 1_000);
    harness.clock.advance(MINUTE);
    harness.service.alarms.evaluate();
    await harness.restart();
    const [alarm] =
      (
        await harness.json.send(
          new DescribeAlarmsForMetricCommand({
            Namespace: 'AWS/SQS',
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Dimensions: DLQ_ALARM.Dimensions,
          }),
        )
      ).MetricAlarms ?? [];
    expect(alarm?.StateValue).toBe('ALARM');
    const listed = await harness.json.send(new ListMetricsCommand({ Namespace: 'AWS/SQS' }));
    expect(listed.Metrics).toHaveLength(1);
  });

  it('deletes all the alarms named or none of them', async () => {
    await harness.json.send(new PutMetricAlarmCommand(DLQ_ALARM));
    await expect(
      harness.json.send(new DeleteAlarmsCommand({ AlarmNames: [DLQ_ALARM.AlarmName, 'no-such-alarm'] })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect((await harness.json.send(new DescribeAlarmsCommand({}))).MetricAlarms).toHaveLength(1);
    await harness.cbor.send(new DeleteAlarmsCommand({ AlarmNames: [DLQ_ALARM.AlarmName] }));
    expect((await harness.json.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });
});

describe('CloudWatch dashboards', () => {
  it('stores a dashboard body that has widgets and refuses one that does not', async () => {
    const body = JSON.stringify({
      widgets: [
        {
          type: 'metric',
          properties: { metrics: [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'payments-dlq']] },
        },
      ],
    });
    await harness.cbor.send(new PutDashboardCommand({ DashboardName: 'shop', DashboardBody: body }));
    expect((await harness.json.send(new GetDashboardCommand({ DashboardName: 'shop' }))).DashboardBody).toBe(body);
    const listed = await harness.json.send(new ListDashboardsCommand({}));
    expect(listed.DashboardEntries?.map((entry) => [entry.DashboardName, entry.Size])).toEqual([
      ['shop', Buffer.byteLength(body)],
    ]);
    await expect(
      harness.json.send(new PutDashboardCommand({ DashboardName: 'bad', DashboardBody: '{"nope":1}' })),
    ).rejects.toMatchObject({ name: 'DashboardInvalidInputError' });
  });
});

describe('CloudWatch over the query protocol (older clients)', () => {
  const call = async (params: Record<string, string>) => {
    const response = await fetch(`${harness.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Version: '2010-08-01', ...params }).toString(),
    });
    return { status: response.status, body: await response.text() };
  };

  it('reads form parameters (lists, numbers, dimensions) and answers in CloudWatch XML', async () => {
    const now = new Date(harness.clock.now()).toISOString();
    const put = await call({
      Action: 'PutMetricData',
      Namespace: 'Shop',
      'MetricData.member.1.MetricName': 'OrdersPlaced',
      'MetricData.member.1.Dimensions.member.1.Name': 'service',
      'MetricData.member.1.Dimensions.member.1.Value': '42',
      'MetricData.member.1.Values.member.1': '2',
      'MetricData.member.1.Values.member.2': '3',
      'MetricData.member.1.Timestamp': now,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatch(
      /^<PutMetricDataResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><ResponseMetadata>/,
    );
    const statistics = await call({
      Action: 'GetMetricStatistics',
      Namespace: 'Shop',
      MetricName: 'OrdersPlaced',
      'Dimensions.member.1.Name': 'service',
      'Dimensions.member.1.Value': '42',
      StartTime: new Date(harness.clock.now() - MINUTE).toISOString(),
      EndTime: new Date(harness.clock.now() + MINUTE).toISOString(),
      Period: '60',
      'Statistics.member.1': 'Sum',
      'ExtendedStatistics.member.1': 'p50',
    });
    expect(statistics.status).toBe(400);
    const sum = await call({
      Action: 'GetMetricStatistics',
      Namespace: 'Shop',
      MetricName: 'OrdersPlaced',
      'Dimensions.member.1.Name': 'service',
      'Dimensions.member.1.Value': '42',
      StartTime: new Date(harness.clock.now() - MINUTE).toISOString(),
      EndTime: new Date(harness.clock.now() + MINUTE).toISOString(),
      Period: '60',
      'Statistics.member.1': 'Sum',
    });
    expect(sum.body).toContain(
      `<Datapoints><member><Timestamp>${now}</Timestamp><Sum>5</Sum><Unit>None</Unit></member></Datapoints>`,
    );
  });

  it('answers errors as an ErrorResponse with the query error code', async () => {
    const answer = await call({
      Action: 'PutMetricData',
      Namespace: 'AWS/SQS',
      'MetricData.member.1.MetricName': 'x',
      'MetricData.member.1.Value': '1',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(
      /<ErrorResponse [^>]*><Error><Type>Sender<\/Type><Code>InvalidParameterValue<\/Code><Message>/,
    );
    const unknown = await call({ Action: 'DescribeNothing' });
    expect(unknown.body).toContain('<Code>InvalidAction</Code>');
  });
});
