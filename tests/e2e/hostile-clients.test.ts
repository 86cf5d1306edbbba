import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startCli } from '../support/cli-cloud.ts';
import { malformedRequestBattery, sendRaw, statusOf } from '../support/malformed-requests.ts';

/**
 * The local cloud as `npm start` runs it, in its own process, under clients that send anything:
 * after each barrage the process is still running and still serves normal requests on both ports.
 */
let cli: Awaited<ReturnType<typeof startCli>>;
let edgePort = 0;
let httpPort = 0;
const dataDir = mkdtempSync(join(tmpdir(), 'shop-hostile-'));

beforeAll(async () => {
  [edgePort, httpPort] = [await freePort(), await freePort()];
  cli = await startCli(dataDir, edgePort, httpPort);
}, 120_000);

afterAll(() => {
  cli?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function stillServing(): Promise<void> {
  expect(cli.exitCode).toBeNull();
  const health = await fetch(`http://127.0.0.1:${edgePort}/__local/health`);
  expect(health.status).toBe(200);
  const missing = await fetch(`http://127.0.0.1:${httpPort}/no-such-route`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ message: 'Not Found' });
}

function awsJson(target: string, body: string, version = '1.1'): Promise<Response> {
  return fetch(`http://127.0.0.1:${edgePort}/`, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': `application/x-amz-json-${version}` },
    body,
  });
}

describe('the local cloud under hostile clients', () => {
  it('answers every request of the malformed battery on both ports without stopping', async () => {
    for (const port of [edgePort, httpPort]) {
      for (const request of malformedRequestBattery(`127.0.0.1:${port}`)) {
        const status = statusOf(await sendRaw(port, request, 1_000));
        expect({ port, request: request.name, server: status === undefined || status < 500 }).toEqual({
          port,
          request: request.name,
          server: true,
        });
      }
    }
    await stillServing();
  }, 120_000);

  it('refuses AWS API bodies that are not objects, have wrong member types or nest too deep, with 4xx', async () => {
    const cases: Array<[string, string, string]> = [
      ['AmazonSQS.ListQueues', 'null', 'SerializationException'],
      ['AWSEvents.PutEvents', '[]', 'SerializationException'],
      ['AWSEvents.PutEvents', JSON.stringify({ Entries: [null] }), 'SerializationException'],
      [
        'AWSEvents.PutEvents',
        JSON.stringify({ Entries: [{ Source: 1, DetailType: 'x', Detail: '{}' }] }),
        'SerializationException',
      ],
      [
        'AWSEvents.PutEvents',
        JSON.stringify({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', Time: 'soon' }] }),
        'SerializationException',
      ],
      ['AWSStepFunctions.ListStateMachines', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'SerializationException'],
    ];
    for (const [target, body, code] of cases) {
      const response = await awsJson(target, body, target.startsWith('AWSEvents') ? '1.1' : '1.0');
      expect({
        target,
        body: body.slice(0, 40),
        status: response.status,
        type: ((await response.json()) as { __type: string }).__type,
      }).toEqual({
        target,
        body: body.slice(0, 40),
        status: 400,
        type: code,
      });
    }
    await stillServing();
  });

  it('refuses a PutEvents request over 256 KB as a whole, and a Detail nested deeper than AWS parses', async () => {
    const entry = (detail: string) => ({
      Source: 'shop.test',
      DetailType: 'Probe',
      Detail: detail,
      EventBusName: 'default',
    });
    const tooBig = await awsJson(
      'AWSEvents.PutEvents',
      JSON.stringify({
        Entries: [entry(JSON.stringify({ a: 'x'.repeat(150_000) })), entry(JSON.stringify({ b: 'y'.repeat(150_000) }))],
      }),
    );
    expect(tooBig.status).toBe(400);
    expect(await tooBig.json()).toEqual({
      __type: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    const deep = await awsJson(
      'AWSEvents.PutEvents',
      JSON.stringify({ Entries: [entry(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`)] }),
    );
    expect(await deep.json()).toEqual({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }],
    });
    await stillServing();
  });

  it('refuses an HTTP API payload over 10 MB with 413 and a request from a rebound host on the edge with 403', async () => {
    const big = await fetch(`http://127.0.0.1:${httpPort}/orders`, {
      method: 'POST',
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ message: 'Request Entity Too Large' });
    const rebound = await sendRaw(edgePort, {
      name: 'rebound',
      bytes: Buffer.from('GET /__local/mailbox HTTP/1.1\r\nHost: attacker.example\r\n\r\n'),
    });
    expect(statusOf(rebound)).toBe(403);
    const forged = await fetch(`http://127.0.0.1:${edgePort}/__local/faults/put-events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"count":1}',
    });
    expect(forged.status).toBe(415);
    await stillServing();
  });

  it('survives thousands of generated malformed requests on both ports (property)', async () => {
    const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: unusual, weight: 1 });
    const anyText = fc.string({ unit: 'binary', maxLength: 80 });
    const path = mostly(
      fc.constantFrom(
        '/',
        '/orders',
        '/orders/ord_1',
        '/orders/%ZZ/cancel',
        '/__local/trace/x',
        '/__local/mailbox',
        '/__local/sqs/visibility-timeouts/end',
        '/2015-03-31/functions/x/invocations',
        '/000000000000/q',
      ),
      fc.oneof(fc.webPath(), anyText),
    );
    const target = fc.constantFrom(
      'AmazonSQS.SendMessage',
      'AWSEvents.PutEvents',
      'DynamoDB_20120810.GetItem',
      'AWSStepFunctions.StartExecution',
      'SimpleEmailService_v2.SendEmail',
      'Nope.Nothing',
    );
    const request = fc.record({
      port: fc.constantFrom(edgePort, httpPort),
      method: mostly(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'), fc.stringMatching(/^[A-Z]{1,8}$/)),
      path,
      host: mostly(fc.constant('127.0.0.1'), fc.oneof(fc.domain(), anyText)),
      target: fc.option(target),
      contentType: fc.constantFrom(
        'application/json',
        'application/x-amz-json-1.0',
        'application/x-www-form-urlencoded',
        'text/plain',
        '',
      ),
      body: fc.oneof(
        fc.json({ maxDepth: 4 }),
        anyText,
        fc.jsonValue().map((value) => JSON.stringify({ Entries: [value] })),
      ),
      hangUp: fc.boolean(),
    });
    type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;
    const statuses = new Map<string, number>();
    const send = async (r: Generated): Promise<number | undefined> => {
      const body = Buffer.from(r.body, 'utf8');
      const head = [
        `${r.method} ${r.path} HTTP/1.1`,
        `Host: ${r.host}`,
        ...(r.target ? [`X-Amz-Target: ${r.target}`] : []),
        ...(r.contentType ? [`Content-Type: ${r.contentType}`] : []),
        `Content-Length: ${body.length + (r.hangUp ? 5 : 0)}`,
      ].join('\r\n');
      const bytes = Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
      const status = statusOf(await sendRaw(r.port, { name: 'generated', bytes, hangUp: r.hangUp }, 2_000));
      statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
      return status;
    };
    // Eight clients at a time, 250 rounds: 2,000 requests.
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 8, maxLength: 8 }), async (clients) => {
        const answers = await Promise.all(clients.map(send));
        return cli.exitCode === null && answers.every((status) => status === undefined || status < 500);
      }),
      { numRuns: 250 },
    );
    // The requests reached the listeners' checks and the services behind them.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining(['400', '403', '404']));
    await stillServing();
  }, 300_000);

  it('answers generated inputs to every AWS operation it emulates with 2xx or 4xx, never 5xx (property)', async () => {
    const services: ReadonlyArray<[prefix: string, version: string, operations: string]> = [
      [
        'AmazonSQS',
        '1.0',
        'CreateQueue GetQueueUrl ListQueues GetQueueAttributes SetQueueAttributes SendMessage SendMessageBatch ReceiveMessage DeleteMessage DeleteMessageBatch ChangeMessageVisibility ChangeMessageVisibilityBatch ListDeadLetterSourceQueues TagQueue UntagQueue ListQueueTags',
      ],
      [
        'AWSEvents',
        '1.1',
        'PutEvents TestEventPattern ListEventBuses DescribeEventBus ListRules DescribeRule ListTargetsByRule PutRule PutTargets RemoveTargets DeleteRule EnableRule DisableRule ListArchives DescribeArchive StartReplay DescribeReplay ListReplays CancelReplay',
      ],
      [
        'AWSStepFunctions',
        '1.0',
        'StartExecution StopExecution DescribeExecution ListExecutions GetExecutionHistory ListStateMachines DescribeStateMachine',
      ],
      [
        'DynamoDB_20120810',
        '1.0',
        'GetItem PutItem UpdateItem Query Scan BatchGetItem TransactGetItems DescribeTable ListTables DescribeTimeToLive',
      ],
      [
        'AWSCognitoIdentityProviderService',
        '1.1',
        'SignUp ConfirmSignUp AdminCreateUser AdminSetUserPassword AdminGetUser ListUsers GetUser InitiateAuth AdminInitiateAuth RespondToAuthChallenge ListUserPools ListUserPoolClients DescribeUserPool DescribeUserPoolClient',
      ],
      [
        'GraniteServiceVersion20100801',
        '1.0',
        'PutMetricData GetMetricStatistics GetMetricData ListMetrics PutMetricAlarm DescribeAlarms DescribeAlarmsForMetric DescribeAlarmHistory SetAlarmState DeleteAlarms EnableAlarmActions DisableAlarmActions PutDashboard GetDashboard ListDashboards DeleteDashboards',
      ],
      [
        'Logs_20140328',
        '1.1',
        'CreateLogGroup DeleteLogGroup DescribeLogGroups CreateLogStream DescribeLogStreams PutLogEvents GetLogEvents FilterLogEvents PutRetentionPolicy DeleteRetentionPolicy',
      ],
    ];
    const operations = services.flatMap(([prefix, version, names]) =>
      names.split(' ').map((name) => ({ target: `${prefix}.${name}`, version })),
    );
    const members = [
      'QueueUrl',
      'QueueName',
      'Entries',
      'Attributes',
      'MessageBody',
      'ReceiptHandle',
      'MaxNumberOfMessages',
      'Name',
      'EventBusName',
      'EventPattern',
      'Event',
      'Rule',
      'Targets',
      'Ids',
      'State',
      'Force',
      'ReplayName',
      'ArchiveName',
      'EventSourceArn',
      'EventStartTime',
      'EventEndTime',
      'Destination',
      'stateMachineArn',
      'executionArn',
      'input',
      'TableName',
      'Key',
      'Item',
      'ClientId',
      'Username',
      'Password',
      'UserPoolId',
      'AuthFlow',
      'AuthParameters',
      'UserAttributes',
      'AccessToken',
      'MaxResults',
      'Session',
      'Namespace',
      'MetricName',
      'MetricData',
      'Dimensions',
      'StartTime',
      'EndTime',
      'Period',
      'Statistics',
      'MetricDataQueries',
      'AlarmName',
      'AlarmNames',
      'Threshold',
      'ComparisonOperator',
      'EvaluationPeriods',
      'StateValue',
      'DashboardName',
      'DashboardBody',
      'logGroupName',
      'logStreamName',
      'logEvents',
      'filterPattern',
      'nextToken',
      'limit',
      'startTime',
    ];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(
        'shop-inventory-local-order-placed',
        `http://127.0.0.1:${edgePort}/000000000000/shop-inventory-local-order-placed`,
        'USER_PASSWORD_AUTH',
        'ada',
        'AWS/SQS',
        'shop-payments-local-payment-dlq-not-empty',
        '/aws/lambda/shop-orders-local-placeOrder',
        '{ $.level = "ERROR" }',
        1796525000,
      ),
    );
    const request = fc.record({
      operation: fc.constantFrom(...operations),
      input: fc.oneof(
        { arbitrary: fc.dictionary(fc.constantFrom(...members), value, { maxKeys: 5 }), weight: 4 },
        { arbitrary: fc.jsonValue(), weight: 1 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, input }) => {
        const response = await awsJson(operation.target, JSON.stringify(input) ?? 'null', operation.version);
        await response.arrayBuffer();
        return response.status < 500;
      }),
      { numRuns: 1500 },
    );
    await stillServing();
  }, 180_000);

  it('answers generated CloudWatch requests over CBOR and the query protocol with 2xx or 4xx, never 5xx (property)', async () => {
    const { cbor } = await import('@smithy/core/cbor');
    const operations = [
      'PutMetricData',
      'GetMetricData',
      'GetMetricStatistics',
      'PutMetricAlarm',
      'DescribeAlarms',
      'SetAlarmState',
      'PutDashboard',
    ];
    const member = fc.constantFrom(
      'Namespace',
      'MetricData',
      'MetricName',
      'Dimensions',
      'Period',
      'StartTime',
      'AlarmName',
      'Threshold',
      'Values',
      'DashboardBody',
    );
    const cborRequest = fc.record({
      operation: fc.constantFrom(...operations),
      body: fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.dictionary(member, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }).map((input) => cbor.serialize(input)),
        fc.dictionary(member, fc.date({ noInvalidDate: true }), { maxKeys: 3 }).map((input) => cbor.serialize(input)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(cborRequest, async ({ operation, body }) => {
        const response = await fetch(
          `http://127.0.0.1:${edgePort}/service/GraniteServiceVersion20100801/operation/${operation}`,
          {
            method: 'POST',
            headers: {
              'smithy-protocol': 'rpc-v2-cbor',
              'content-type': 'application/cbor',
              accept: 'application/cbor',
            },
            body,
          },
        );
        await response.arrayBuffer();
        return response.status < 500;
      }),
      { numRuns: 400 },
    );
    const queryRequest = fc.record({
      operation: fc.constantFrom(...operations),
      parameters: fc.dictionary(
        fc.oneof(
          member,
          fc
            .tuple(member, fc.constantFrom('member'), fc.integer({ min: -1, max: 3 }), member)
            .map((parts) => parts.join('.')),
        ),
        fc.string({ maxLength: 20 }),
        { maxKeys: 6 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(queryRequest, async ({ operation, parameters }) => {
        const response = await fetch(`http://127.0.0.1:${edgePort}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...parameters, Action: operation, Version: '2010-08-01' }).toString(),
        });
        await response.arrayBuffer();
        return response.status < 500;
      }),
      { numRuns: 400 },
    );
    await stillServing();
  }, 180_000);
});
