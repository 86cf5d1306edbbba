import { AwsError } from '../edge/aws-error.ts';
import { jsonProtocolService } from '../edge/json-protocol.ts';
import type { EdgeService } from '../edge/types.ts';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.ts';
import { type LogEventRecord, LogsStore } from './store.ts';

type Input = Readonly<Record<string, unknown>>;

/** The retention periods CloudWatch Logs accepts, in days. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;
const MAX_EVENTS_PER_CALL = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const MAX_EVENT_BYTES = 1_048_576 - 26;
const DAY = 86_400_000;

export interface LogsServiceOptions {
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly clock?: () => number;
}

/**
 * The local cloud's CloudWatch Logs: log groups and streams with their events, kept in SQLite
 * across restarts, behind the edge (JSON 1.1, `Logs_20140328`): CreateLogGroup, DescribeLogGroups,
 * DeleteLogGroup, PutRetentionPolicy, DeleteRetentionPolicy, CreateLogStream, DescribeLogStreams,
 * PutLogEvents, GetLogEvents and FilterLogEvents, enough for `aws logs tail --follow` and
 * `aws logs filter-log-events`. Functions' output lands in `/aws/lambda/<function>`, one stream per
 * execution environment, as on Lambda.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
 */
export interface LogsService {
  readonly edge: EdgeService;
  /** Writes lines to a stream (the group and stream are created when missing). */
  append(group: string, stream: string, messages: readonly string[], timestamp?: number): void;
  /** A group the stacks declare, with its retention. */
  declareGroup(name: string, retentionInDays: number | undefined): void;
  /** Events of one group matching a filter pattern, oldest first (the console and the trace). */
  search(group: string, pattern: string, limit?: number): LogEventRecord[];
  groups(): string[];
  close(): void;
}

export function createLogsService(options: LogsServiceOptions): LogsService {
  const clock = options.clock ?? Date.now;
  const store = new LogsStore(options.dataDir);
  const groupArn = (name: string) => `arn:aws:logs:${options.region}:${options.accountId}:log-group:${name}`;
  const expiry = setInterval(() => store.expire(clock()), 3_600_000).unref();
  // Lines written after a stop (an invocation that outlived it) are dropped, not an error.
  let closed = false;

  const requireGroup = (input: Input, required = true): string => {
    const identifier = input.logGroupIdentifier;
    const raw =
      input.logGroupName ??
      (typeof identifier === 'string'
        ? identifier.replace(/^arn:aws:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '')
        : undefined);
    if (raw === undefined || raw === null) {
      if (required) throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
      return '';
    }
    if (input.logGroupName !== undefined && identifier !== undefined) {
      throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    if (typeof raw !== 'string' || !GROUP_NAME.test(raw)) {
      throw invalidParameter(
        `1 validation error detected: Value '${String(raw).slice(0, 100)}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
      );
    }
    return raw;
  };
  const existingGroup = (input: Input) => {
    const name = requireGroup(input);
    if (!store.getGroup(name)) throw resourceNotFound('The specified log group does not exist.');
    return name;
  };
  const requireStream = (input: Input, name = 'logStreamName'): string => {
    const value = input[name];
    if (typeof value !== 'string' || !STREAM_NAME.test(value)) {
      throw invalidParameter(
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
      );
    }
    return value;
  };
  const limitOf = (input: Input, max: number, fallback: number) => {
    const value = input.limit;
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      throw invalidParameter(
        `1 validation error detected: Value '${String(value)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
      );
    }
    return value;
  };
  const timeOf = (input: Input, name: string): number | undefined => {
    const value = input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw invalidParameter(
        `1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must have value greater than or equal to 0`,
      );
    }
    return value;
  };
  const retentionOf = (input: Input): number => {
    const days = input.retentionInDays;
    if (typeof days !== 'number' || !RETENTION_DAYS.includes(days)) {
      throw invalidParameter(
        `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    }
    return days;
  };
  const page = <T>(items: readonly T[], token: unknown, limit: number) => {
    let offset = 0;
    if (token !== undefined && token !== null) {
      const decoded = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : Number.NaN;
      if (!Number.isInteger(decoded) || decoded < 0 || decoded > items.length)
        throw invalidParameter('The specified nextToken is invalid.');
      offset = decoded;
    }
    const next = offset + limit < items.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    return { items: items.slice(offset, offset + limit), ...(next ? { nextToken: next } : {}) };
  };

  const operations = {
    CreateLogGroup(input: Input) {
      const name = requireGroup(input);
      if (!store.createGroup(name, clock())) throw alreadyExists('The specified log group already exists');
      return {};
    },
    DeleteLogGroup(input: Input) {
      store.deleteGroup(existingGroup(input));
      return {};
    },
    PutRetentionPolicy(input: Input) {
      const name = existingGroup(input);
      store.setRetention(name, retentionOf(input));
      return {};
    },
    DeleteRetentionPolicy(input: Input) {
      store.setRetention(existingGroup(input), undefined);
      return {};
    },
    DescribeLogGroups(input: Input) {
      const prefix = input.logGroupNamePrefix;
      const pattern = input.logGroupNamePattern;
      if (prefix !== undefined && pattern !== undefined) {
        throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      }
      if (prefix !== undefined && (typeof prefix !== 'string' || !GROUP_NAME.test(prefix))) {
        throw invalidParameter(
          "1 validation error detected: Value at 'logGroupNamePrefix' failed to satisfy constraint",
        );
      }
      const groups = store
        .listGroups(typeof prefix === 'string' ? prefix : '')
        .filter((group) => typeof pattern !== 'string' || group.name.toLowerCase().includes(pattern.toLowerCase()));
      const { items, nextToken } = page(groups, input.nextToken, limitOf(input, 50, 50));
      return {
        logGroups: items.map((group) => ({
          logGroupName: group.name,
          creationTime: group.createdAt,
          ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
          metricFilterCount: 0,
          arn: `${groupArn(group.name)}:*`,
          logGroupArn: groupArn(group.name),
          storedBytes: store.storedBytes(group.name),
          logGroupClass: 'STANDARD',
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    },
    CreateLogStream(input: Input) {
      const group = existingGroup(input);
      if (!store.createStream(group, requireStream(input), clock())) {
        throw alreadyExists('The specified log stream already exists');
      }
      return {};
    },
    DescribeLogStreams(input: Input) {
      const group = existingGroup(input);
      const prefix = input.logStreamNamePrefix;
      const orderBy = input.orderBy ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
        throw invalidParameter(
          `1 validation error detected: Value '${String(orderBy)}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
        );
      }
      if (prefix !== undefined && orderBy === 'LastEventTime') {
        throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      let streams = store
        .listStreams(group)
        .filter((stream) => typeof prefix !== 'string' || stream.name.startsWith(prefix));
      if (orderBy === 'LastEventTime') streams.sort((a, b) => (a.lastEventAt ?? 0) - (b.lastEventAt ?? 0));
      if (input.descending === true) streams = streams.reverse();
      const { items, nextToken } = page(streams, input.nextToken, limitOf(input, 50, 50));
      return {
        logStreams: items.map((stream) => ({
          logStreamName: stream.name,
          creationTime: stream.createdAt,
          ...(stream.firstEventAt === undefined ? {} : { firstEventTimestamp: stream.firstEventAt }),
          ...(stream.lastEventAt === undefined ? {} : { lastEventTimestamp: stream.lastEventAt }),
          ...(stream.lastIngestionAt === undefined ? {} : { lastIngestionTime: stream.lastIngestionAt }),
          arn: `${groupArn(group)}:log-stream:${stream.name}`,
          storedBytes: 0,
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    },
    PutLogEvents(input: Input) {
      const group = existingGroup(input);
      const stream = requireStream(input);
      if (!store.getStream(group, stream)) throw resourceNotFound('The specified log stream does not exist.');
      const events = input.logEvents;
      if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_CALL) {
        throw invalidParameter(
          `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and ${MAX_EVENTS_PER_CALL}`,
        );
      }
      let bytes = 0;
      const parsed = events.map((event, index) => {
        const { timestamp, message } = (typeof event === 'object' && event !== null ? event : {}) as Record<
          string,
          unknown
        >;
        if (
          typeof timestamp !== 'number' ||
          !Number.isInteger(timestamp) ||
          typeof message !== 'string' ||
          message === ''
        ) {
          throw invalidParameter(`Log event ${index} needs an integer timestamp and a non-empty message.`);
        }
        const size = Buffer.byteLength(message);
        if (size > MAX_EVENT_BYTES) throw invalidParameter(`Log event ${index} is too large.`);
        bytes += size + 26;
        return { timestamp, message };
      });
      if (bytes > MAX_BATCH_BYTES) throw invalidParameter('Upload too large: the batch exceeds 1,048,576 bytes.');
      for (let index = 1; index < parsed.length; index += 1) {
        if ((parsed[index]?.timestamp ?? 0) < (parsed[index - 1]?.timestamp ?? 0)) {
          throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
        }
      }
      // Events more than 2 hours ahead, or older than 14 days or the retention, are rejected.
      const now = clock();
      const retention = store.getGroup(group)?.retentionInDays;
      const oldest = now - Math.min(14, retention ?? 14) * DAY;
      const tooOld = parsed.findLastIndex((event) => event.timestamp < oldest);
      const tooNew = parsed.findIndex((event) => event.timestamp > now + 2 * 3_600_000);
      const accepted = parsed.filter((_, index) => index > tooOld && (tooNew < 0 || index < tooNew));
      store.append(group, stream, accepted, now);
      const rejected = {
        ...(tooOld >= 0 ? { tooOldLogEventEndIndex: tooOld + 1 } : {}),
        ...(tooNew >= 0 ? { tooNewLogEventStartIndex: tooNew } : {}),
      };
      return {
        nextSequenceToken: String(now),
        ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
      };
    },
    GetLogEvents(input: Input) {
      const group = existingGroup(input);
      const stream = requireStream(input);
      if (!store.getStream(group, stream)) throw resourceNotFound('The specified log stream does not exist.');
      const limit = limitOf(input, MAX_EVENTS_PER_CALL, MAX_EVENTS_PER_CALL);
      const start = timeOf(input, 'startTime');
      const end = timeOf(input, 'endTime');
      const token = input.nextToken;
      const position = token === undefined || token === null ? undefined : readStreamToken(token);
      const forward = position ? position.direction === 'f' : input.startFromHead === true;
      const range = { group, streams: [stream], start, end, limit };
      const events = forward
        ? store.events({ ...range, ...(position ? { after: position } : {}) })
        : store.events({ ...range, ...(position ? { before: position } : {}), descending: true }).reverse();
      const first = events[0];
      const last = events.at(-1);
      // At the end of the stream, the same token comes back: that is how a reader knows.
      const given = typeof token === 'string' ? token : undefined;
      const forwardToken = last ? streamToken('f', last) : (given ?? streamToken('f', { timestamp: -1, seq: 0 }));
      const backwardToken = first ? streamToken('b', first) : (given ?? streamToken('b', { timestamp: -1, seq: 0 }));
      return {
        events: events.map((event) => ({
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestedAt,
        })),
        nextForwardToken: forwardToken,
        nextBackwardToken: backwardToken,
      };
    },
    FilterLogEvents(input: Input) {
      const group = existingGroup(input);
      const names = input.logStreamNames;
      const prefix = input.logStreamNamePrefix;
      if (names !== undefined && prefix !== undefined) {
        throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
      }
      let streams: string[] | undefined;
      if (names !== undefined) {
        if (
          !Array.isArray(names) ||
          names.length === 0 ||
          names.length > 100 ||
          !names.every((name) => typeof name === 'string')
        ) {
          throw invalidParameter(
            "1 validation error detected: Value at 'logStreamNames' failed to satisfy constraint: Member must have length between 1 and 100",
          );
        }
        streams = names as string[];
      } else if (typeof prefix === 'string') {
        streams = store
          .listStreams(group)
          .map((stream) => stream.name)
          .filter((name) => name.startsWith(prefix));
      }
      const limit = limitOf(input, MAX_EVENTS_PER_CALL, MAX_EVENTS_PER_CALL);
      let filter: (message: string) => boolean;
      try {
        filter = compileFilterPattern(typeof input.filterPattern === 'string' ? input.filterPattern : undefined);
      } catch (error) {
        if (error instanceof FilterPatternError) throw invalidParameter(`Invalid filter pattern: ${error.message}`);
        throw error;
      }
      const token = input.nextToken;
      let after = token === undefined || token === null ? undefined : readFilterToken(token);
      const matched: LogEventRecord[] = [];
      // Scans in pages, so a rare match in a large group is found without loading all of it.
      for (let scanned = 0; matched.length < limit && scanned < 200_000; ) {
        const batch = store.events({
          group,
          ...(streams ? { streams } : {}),
          start: timeOf(input, 'startTime'),
          end: timeOf(input, 'endTime'),
          ...(after ? { after } : {}),
          limit: 1000,
        });
        if (batch.length === 0) {
          after = undefined;
          break;
        }
        scanned += batch.length;
        for (const event of batch) {
          after = event;
          if (filter(event.message)) matched.push(event);
          if (matched.length === limit) break;
        }
        if (batch.length < 1000 && matched.length < limit) {
          after = undefined;
          break;
        }
      }
      return {
        events: matched.map((event) => ({
          logStreamName: event.stream,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestedAt,
          eventId: eventIdOf(event),
        })),
        searchedLogStreams: [],
        ...(after ? { nextToken: Buffer.from(`${after.timestamp}:${after.seq}`).toString('base64url') } : {}),
      };
    },
  };

  return {
    edge: jsonProtocolService({
      name: 'logs',
      targetPrefix: 'Logs_20140328',
      jsonVersion: '1.1',
      operations,
      errorNamespace: 'com.amazonaws.logs',
    }),
    append(group, stream, messages, timestamp = clock()) {
      if (closed) return;
      store.createGroup(group, clock());
      store.append(
        group,
        stream,
        messages.filter((message) => message !== '').map((message) => ({ timestamp, message })),
        clock(),
      );
    },
    declareGroup(name, retentionInDays) {
      store.createGroup(name, clock(), retentionInDays);
      store.setRetention(name, retentionInDays);
    },
    search(group, pattern, limit = 1000) {
      const filter = compileFilterPattern(pattern);
      return store
        .events({ group, limit: 100_000 })
        .filter((event) => filter(event.message))
        .slice(-limit);
    },
    groups: () => store.listGroups().map((group) => group.name),
    close() {
      closed = true;
      clearInterval(expiry);
      store.close();
    },
  };
}

/** A stream position token: `f/` (forward) or `b/` (backward), then the event's time and order. */
function streamToken(direction: 'f' | 'b', event: { timestamp: number; seq: number }): string {
  return `${direction}/${event.timestamp}/${event.seq}`;
}

function readStreamToken(token: unknown): { direction: 'f' | 'b'; timestamp: number; seq: number } {
  const match = typeof token === 'string' ? /^([fb])\/(-?\d+)\/(\d+)$/.exec(token) : null;
  if (!match) throw invalidParameter('The specified nextToken is invalid.');
  return { direction: match[1] as 'f' | 'b', timestamp: Number(match[2]), seq: Number(match[3]) };
}

function readFilterToken(token: unknown): { timestamp: number; seq: number } {
  const decoded = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const match = /^(\d+):(\d+)$/.exec(decoded);
  if (!match) throw invalidParameter('The specified nextToken is invalid.');
  return { timestamp: Number(match[1]), seq: Number(match[2]) };
}

/** A 56-digit event id, as CloudWatch Logs writes them: unique per event. */
function eventIdOf(event: LogEventRecord): string {
  return `${String(event.timestamp).padStart(20, '0')}${String(event.seq).padStart(36, '0')}`;
}

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);
const resourceNotFound = (message: string) => new AwsError('ResourceNotFoundException', message);
const alreadyExists = (message: string) => new AwsError('ResourceAlreadyExistsException', message);
