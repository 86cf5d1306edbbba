import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EdgeServer } from '../edge/edge-server.ts';
import { ACCOUNT_ID, createFakeClock, createTempDir, type FakeClock, REGION } from '../sqs/test-support.ts';
import { createLogsService, type LogsService } from './index.ts';

const GROUP = '/aws/lambda/shop-orders-local-placeOrder';
const STREAM = '2026/12/05/[$LATEST]0123456789abcdef';

let dir: ReturnType<typeof createTempDir>;
let clock: FakeClock;
let service: LogsService;
let edge: EdgeServer;
let logs: CloudWatchLogsClient;

beforeEach(async () => {
  dir = createTempDir();
  clock = createFakeClock(Date.UTC(2026, 11, 5, 12, 0, 0));
  service = createLogsService({ dataDir: dir.path, region: REGION, accountId: ACCOUNT_ID, clock: clock.now });
  edge = new EdgeServer({ onLog: () => {} });
  edge.register({
    name: 'logs',
    claims: (request) => service.edge.claims(request),
    handle: (request) => service.edge.handle(request),
  });
  const port = await edge.listen(0);
  logs = new CloudWatchLogsClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  logs.destroy();
  service.close();
  await edge.close();
  dir.remove();
});

const at = (seconds: number) => Date.UTC(2026, 11, 5, 12, 0, 0) + seconds * 1000;

describe('CloudWatch Logs', () => {
  it('keeps what functions write in their group, one stream per environment, and describes both', async () => {
    service.append(GROUP, STREAM, ['START RequestId: r1 Version: $LATEST'], at(-10));
    service.append(GROUP, STREAM, ['{"level":"INFO","message":"Order placed"}'], at(-9));
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(groups.logGroups).toMatchObject([
      {
        logGroupName: GROUP,
        arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${GROUP}:*`,
        logGroupClass: 'STANDARD',
      },
    ]);
    const streams = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', descending: true }),
    );
    expect(streams.logStreams).toMatchObject([
      { logStreamName: STREAM, firstEventTimestamp: at(-10), lastEventTimestamp: at(-9) },
    ]);
  });

  it('creates a deleted group again when a function writes to it again, as Lambda does', async () => {
    service.append(GROUP, STREAM, ['first line'], at(-10));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: GROUP }));
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups).toEqual([]);

    service.append(GROUP, STREAM, ['second line'], at(-5));

    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }));
    expect(groups.logGroups?.map((group) => group.logGroupName)).toEqual([GROUP]);
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM }));
    expect(events.events?.map((event) => event.message)).toEqual(['second line']);
  });

  it('reads a stream forwards and backwards with tokens, and answers the same token at its end', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/shop/test' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/shop/test', logStreamName: 's' }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/shop/test',
        logStreamName: 's',
        logEvents: [1, 2, 3, 4, 5].map((n) => ({ timestamp: at(-60 + n), message: `line ${n}` })),
      }),
    );
    // Without a token it answers the newest events, oldest first.
    const latest = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/shop/test', logStreamName: 's', limit: 2 }),
    );
    expect(latest.events?.map((event) => event.message)).toEqual(['line 4', 'line 5']);
    const older = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/shop/test',
        logStreamName: 's',
        limit: 2,
        nextToken: latest.nextBackwardToken,
      }),
    );
    expect(older.events?.map((event) => event.message)).toEqual(['line 2', 'line 3']);
    const head = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/shop/test', logStreamName: 's', startFromHead: true, limit: 3 }),
    );
    expect(head.events?.map((event) => event.message)).toEqual(['line 1', 'line 2', 'line 3']);
    const end = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/shop/test', logStreamName: 's', nextToken: latest.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(latest.nextForwardToken);
    // A follower polling with the forward token sees what arrives next, and only that.
    service.append('/shop/test', 's', ['line 6'], at(-1));
    const follow = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/shop/test', logStreamName: 's', nextToken: end.nextForwardToken }),
    );
    expect(follow.events?.map((event) => event.message)).toEqual(['line 6']);
  });

  it('filters a group by pattern across streams, in pages, with one id per event', async () => {
    for (let n = 0; n < 25; n += 1) {
      service.append(
        GROUP,
        `stream-${n % 3}`,
        [JSON.stringify({ level: n % 5 === 0 ? 'ERROR' : 'INFO', n })],
        at(-100 + n),
      );
    }
    const seen: Array<{ n: number; eventId?: string }> = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: GROUP,
          filterPattern: '{ $.level = "ERROR" }',
          limit: 2,
          startTime: at(-100),
          nextToken,
        }),
      );
      for (const event of page.events ?? [])
        seen.push({ n: (JSON.parse(event.message ?? '{}') as { n: number }).n, eventId: event.eventId });
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen.map((event) => event.n)).toEqual([0, 5, 10, 15, 20]);
    expect(new Set(seen.map((event) => event.eventId)).size).toBe(5);
    const oneStream = await logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: ['stream-1'], filterPattern: 'INFO' }),
    );
    expect(oneStream.events?.every((event) => event.logStreamName === 'stream-1')).toBe(true);
    // stream-1 holds n = 1, 4, 7, ... 22; n = 10 is an ERROR.
    expect(oneStream.events).toHaveLength(7);
  });

  it('answers AWS errors for what does not exist or cannot be read, and keeps everything across a restart', async () => {
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    service.append(GROUP, STREAM, ['hello'], at(-1));
    await expect(logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }))).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
    });
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '[ip, user]' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 2 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: STREAM,
          logEvents: [
            { timestamp: at(-1), message: 'b' },
            { timestamp: at(-2), message: 'a' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });

    service.close();
    service = createLogsService({ dataDir: dir.path, region: REGION, accountId: ACCOUNT_ID, clock: clock.now });
    const kept = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(kept.events?.map((event) => event.message)).toEqual(['hello']);
  });
});
