import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import type { ArchiveSpec } from '@shop/topology/topology';
import { AwsError } from '../edge/aws-error.ts';
import type { EventArchive } from './event-archive.ts';
import type { EventBridgeEvent } from './event-bus.ts';

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface Replay {
  readonly name: string;
  readonly arn: string;
  readonly description: string | undefined;
  readonly archiveArn: string;
  readonly destinationArn: string;
  readonly filterArns: readonly string[];
  readonly eventStartTime: number;
  readonly eventEndTime: number;
  readonly state: ReplayState;
  readonly stateReason: string | undefined;
  readonly replayStartTime: number;
  readonly replayEndTime: number | undefined;
  readonly eventLastReplayedTime: number | undefined;
}

export interface ReplaysOptions {
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly archive: EventArchive;
  readonly archives: readonly ArchiveSpec[];
  /** Sends one replayed event to the destination bus, to the rules named (all when none are). */
  readonly dispatch: (busArn: string, event: EventBridgeEvent, ruleArns: readonly string[]) => void;
  readonly clock?: () => number;
}

const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** Events sent per turn of the event loop, so a long replay does not hold up everything else. */
const EVENTS_PER_TURN = 100;

/**
 * EventBridge replays: StartReplay sends the archived events of a time window back to the bus
 * they came from, in the order they happened, each with a `replay-name` field, to the rules the
 * replay names (all rules of the bus when it names none); a rule can keep replays out with
 * `"replay-name": [{"exists": false}]`. Replays are kept in `eventbridge/archives.db`; one
 * interrupted by a stop goes on from its last replayed event at the next start.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
 */
export class Replays {
  readonly #db: DatabaseSync;
  readonly #options: ReplaysOptions;
  readonly #clock: () => number;
  #closed = false;

  constructor(options: ReplaysOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#db = new DatabaseSync(join(options.dataDir, 'eventbridge', 'archives.db'), { timeout: 5_000 });
    this.#db.exec(`CREATE TABLE IF NOT EXISTS replays (name TEXT PRIMARY KEY, replay TEXT NOT NULL)`);
    for (const replay of this.list()) {
      if (replay.state === 'STARTING' || replay.state === 'RUNNING') this.#run(replay.name);
      if (replay.state === 'CANCELLING') this.#save({ ...replay, state: 'CANCELLED', replayEndTime: this.#clock() });
    }
  }

  /** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html */
  start(input: Readonly<Record<string, unknown>>): Replay {
    const name = input.ReplayName;
    if (typeof name !== 'string' || !REPLAY_NAME.test(name)) {
      throw validation(
        `1 validation error detected: Value '${String(name)}' at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
      );
    }
    if (this.get(name)) throw new AwsError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
    const archive = this.#options.archives.find((candidate) => candidate.arn === input.EventSourceArn);
    if (!archive)
      throw new AwsError('ResourceNotFoundException', `Archive ${String(input.EventSourceArn)} does not exist.`);
    const start = timeOf(input.EventStartTime, 'EventStartTime');
    const end = timeOf(input.EventEndTime, 'EventEndTime');
    if (start >= end)
      throw validation('Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.');
    if (end > this.#clock())
      throw validation('Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.');
    const destination = (input.Destination ?? {}) as { Arn?: unknown; FilterArns?: unknown };
    if (destination.Arn !== archive.sourceArn) {
      throw validation('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
    }
    const filterArns = destination.FilterArns ?? [];
    if (!Array.isArray(filterArns) || !filterArns.every((arn) => typeof arn === 'string')) {
      throw validation('Parameter Destination.FilterArns is not valid. Reason: it must be a list of rule ARNs.');
    }
    const description = typeof input.Description === 'string' ? input.Description : undefined;
    const replay: Replay = {
      name,
      arn: `arn:aws:events:${this.#options.region}:${this.#options.accountId}:replay/${name}`,
      description,
      archiveArn: archive.arn,
      destinationArn: archive.sourceArn,
      filterArns,
      eventStartTime: start,
      eventEndTime: end,
      state: 'STARTING',
      stateReason: 'Replay is starting.',
      replayStartTime: this.#clock(),
      replayEndTime: undefined,
      eventLastReplayedTime: undefined,
    };
    this.#save(replay);
    this.#run(name);
    return replay;
  }

  /** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CancelReplay.html */
  cancel(name: unknown): Replay {
    const replay = this.#require(name);
    if (replay.state !== 'STARTING' && replay.state !== 'RUNNING') {
      throw new AwsError('IllegalStatusException', `Replay ${replay.name} is not in a state that can be cancelled.`);
    }
    const cancelling: Replay = { ...replay, state: 'CANCELLING', stateReason: 'Replay is being cancelled.' };
    this.#save(cancelling);
    return cancelling;
  }

  describe(name: unknown): Replay {
    return this.#require(name);
  }

  get(name: string): Replay | undefined {
    const row = this.#db.prepare('SELECT replay FROM replays WHERE name = ?').get(name);
    return row ? parse(row.replay) : undefined;
  }

  list(): Replay[] {
    return this.#db
      .prepare('SELECT replay FROM replays ORDER BY name')
      .all()
      .map((row) => parse(row.replay));
  }

  close(): void {
    this.#closed = true;
    if (this.#db.isOpen) this.#db.close();
  }

  /** Sends the window's events, a turn at a time, until done or cancelled. */
  #run(name: string): void {
    const replay = this.get(name);
    if (!replay) return;
    const archive = this.#options.archives.find((candidate) => candidate.arn === replay.archiveArn);
    if (!archive) {
      this.#save({
        ...replay,
        state: 'FAILED',
        stateReason: 'The archive no longer exists.',
        replayEndTime: this.#clock(),
      });
      return;
    }
    // Go on after the last event already replayed (a replay interrupted by a stop).
    const from = replay.eventLastReplayedTime ?? replay.eventStartTime;
    const pending = this.#options.archive
      .events(archive.name, new Date(from), new Date(replay.eventEndTime))
      .filter(
        (event) =>
          Date.parse(event.time) < replay.eventEndTime &&
          (replay.eventLastReplayedTime === undefined || Date.parse(event.time) > from),
      );
    this.#save({ ...replay, state: 'RUNNING', stateReason: 'Replay is running.' });
    const step = () => {
      if (this.#closed) return;
      const current = this.get(name);
      if (!current) return;
      if (current.state === 'CANCELLING') {
        this.#save({
          ...current,
          state: 'CANCELLED',
          stateReason: 'Replay was cancelled.',
          replayEndTime: this.#clock(),
        });
        return;
      }
      let last = current.eventLastReplayedTime;
      for (const event of pending.splice(0, EVENTS_PER_TURN)) {
        this.#options.dispatch(current.destinationArn, { ...event, 'replay-name': name }, current.filterArns);
        last = Date.parse(event.time);
      }
      if (pending.length > 0) {
        this.#save({ ...current, eventLastReplayedTime: last });
        setImmediate(step);
        return;
      }
      this.#save({
        ...current,
        state: 'COMPLETED',
        stateReason: 'Replay completed.',
        eventLastReplayedTime: last,
        replayEndTime: this.#clock(),
      });
    };
    setImmediate(step);
  }

  #require(name: unknown): Replay {
    const replay = typeof name === 'string' ? this.get(name) : undefined;
    if (!replay) throw new AwsError('ResourceNotFoundException', `Replay ${String(name)} does not exist.`);
    return replay;
  }

  #save(replay: Replay): void {
    if (!this.#db.isOpen) return;
    this.#db
      .prepare('INSERT OR REPLACE INTO replays (name, replay) VALUES (?, ?)')
      .run(replay.name, JSON.stringify(replay));
  }
}

function parse(value: SQLOutputValue | undefined): Replay {
  return JSON.parse(String(value)) as Replay;
}

/** A timestamp member: epoch seconds (JSON protocol) or ISO 8601; epoch milliseconds out. */
function timeOf(value: unknown, member: string): number {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw validation(`Parameter ${member} is not valid. Reason: it must be a timestamp.`);
  return ms;
}

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}
