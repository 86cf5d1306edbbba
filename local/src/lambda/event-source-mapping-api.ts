import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventSourceMappingSpec } from '@shop/topology/topology';
import type { EdgeRequest, EdgeResponse, EdgeService } from '../edge/types.ts';
import { lambdaRestError } from './rest-error.ts';

/** What the API needs of one running mapping. */
export interface ManagedEventSource {
  readonly spec: EventSourceMappingSpec;
  readonly enabled: boolean;
  setEnabled(enabled: boolean): Promise<void>;
}

const BASE = '/2015-03-31/event-source-mappings';
const ONE = /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The mapping's id: stable across restarts, as a deployed mapping's UUID is, derived from the
 * stack, function and queue it joins.
 */
export function eventSourceMappingUuid(spec: EventSourceMappingSpec): string {
  const hex = createHash('sha1').update(`${spec.stackName}\n${spec.functionName}\n${spec.sourceArn}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Which mappings an operator switched off or on (`UpdateEventSourceMapping` with `Enabled`),
 * kept in `lambda/event-source-mappings.json` so the choice survives a restart, as on AWS.
 */
export class EventSourceMappingStates {
  readonly #file: string;
  readonly #states: Record<string, boolean>;

  constructor(dataDir: string) {
    mkdirSync(join(dataDir, 'lambda'), { recursive: true });
    this.#file = join(dataDir, 'lambda', 'event-source-mappings.json');
    let states: Record<string, boolean> = {};
    if (existsSync(this.#file)) {
      try {
        const parsed = JSON.parse(readFileSync(this.#file, 'utf8')) as unknown;
        if (parsed && typeof parsed === 'object') states = parsed as Record<string, boolean>;
      } catch {
        // A torn file from a crash mid-write cannot happen (rename is atomic); anything else is ignored.
      }
    }
    this.#states = states;
  }

  /** The state to start with: the operator's last choice, or the template's. */
  enabledAtStart(spec: EventSourceMappingSpec): boolean {
    const chosen = this.#states[eventSourceMappingUuid(spec)];
    return typeof chosen === 'boolean' ? chosen : spec.enabled;
  }

  remember(uuid: string, enabled: boolean): void {
    this.#states[uuid] = enabled;
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#states));
    renameSync(temporary, this.#file);
  }
}

/**
 * Lambda's event source mapping API for the mappings the stacks declare (REST-JSON):
 * `ListEventSourceMappings` (filtered by `FunctionName` and `EventSourceArn`, paged by `Marker` /
 * `MaxItems`), `GetEventSourceMapping`, and `UpdateEventSourceMapping` with `Enabled`, the way an
 * operator pauses a consumer and resumes it (its messages wait on the queue meanwhile). Creating
 * and deleting mappings, and updating anything but `Enabled`, is a deployment's job: refused.
 * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html
 */
export function eventSourceMappingEdgeService(options: {
  readonly sources: readonly ManagedEventSource[];
  readonly states: EventSourceMappingStates;
  readonly region: string;
  readonly accountId: string;
}): EdgeService {
  const byUuid = new Map(options.sources.map((source) => [eventSourceMappingUuid(source.spec), source]));
  const lastModified = new Map<string, number>();
  // Until an update, a mapping was last modified when this start deployed it.
  const deployedAt = Math.floor(Date.now() / 1000);
  const describe = (uuid: string, source: ManagedEventSource, state?: string) => ({
    UUID: uuid,
    BatchSize: source.spec.batchSize,
    MaximumBatchingWindowInSeconds: source.spec.maximumBatchingWindowSeconds,
    EventSourceArn: source.spec.sourceArn,
    FunctionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:${source.spec.functionName}`,
    FunctionResponseTypes: source.spec.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
    ...(source.spec.maximumConcurrency
      ? { ScalingConfig: { MaximumConcurrency: source.spec.maximumConcurrency } }
      : {}),
    LastModified: lastModified.get(uuid) ?? deployedAt,
    State: state ?? (source.enabled ? 'Enabled' : 'Disabled'),
    StateTransitionReason: 'USER_INITIATED',
  });
  const functionMatches = (source: ManagedEventSource, name: string) =>
    name === source.spec.functionName || name.endsWith(`:function:${source.spec.functionName}`);

  return {
    name: 'lambda-event-source-mappings',
    claims: (request) => request.path === BASE || request.path.startsWith(`${BASE}/`),
    async handle(request: EdgeRequest): Promise<EdgeResponse> {
      if (request.path === BASE || request.path === `${BASE}/`) {
        if (request.method === 'POST') {
          return lambdaRestError(
            400,
            'InvalidParameterValueException',
            'CreateEventSourceMapping is not supported locally: declare the mapping in serverless.yml.',
          );
        }
        if (request.method !== 'GET') return unsupported(request);
        const functionName = request.query.get('FunctionName');
        const sourceArn = request.query.get('EventSourceArn');
        const maxItemsText = request.query.get('MaxItems');
        const maxItems = maxItemsText === null ? 100 : Number(maxItemsText);
        if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
          return lambdaRestError(400, 'InvalidParameterValueException', 'MaxItems must be between 1 and 10000.');
        }
        const all = [...byUuid].filter(
          ([, source]) =>
            (functionName === null || functionMatches(source, functionName)) &&
            (sourceArn === null || source.spec.sourceArn === sourceArn),
        );
        const marker = request.query.get('Marker');
        const start = marker === null ? 0 : Number(marker);
        if (!Number.isInteger(start) || start < 0 || start > all.length) {
          return lambdaRestError(400, 'InvalidParameterValueException', 'Invalid Marker.');
        }
        const page = all.slice(start, start + maxItems);
        const next = start + maxItems < all.length ? { NextMarker: String(start + maxItems) } : {};
        return json(200, { EventSourceMappings: page.map(([uuid, source]) => describe(uuid, source)), ...next });
      }
      const match = ONE.exec(request.path);
      const uuid = decodeURIComponent(match?.[1] ?? '');
      if (!match) return unsupported(request);
      if (!UUID.test(uuid)) {
        return lambdaRestError(
          400,
          'InvalidParameterValueException',
          `1 validation error detected: Value '${uuid}' at 'uUID' failed to satisfy constraint: Member must be a UUID.`,
        );
      }
      const source = byUuid.get(uuid);
      if (!source) {
        return lambdaRestError(
          404,
          'ResourceNotFoundException',
          `The resource you requested does not exist. (Service: Lambda, Status Code: 404)`,
        );
      }
      if (request.method === 'GET') return json(200, describe(uuid, source));
      if (request.method === 'DELETE') {
        return lambdaRestError(
          400,
          'InvalidParameterValueException',
          'DeleteEventSourceMapping is not supported locally: remove the mapping from serverless.yml.',
        );
      }
      if (request.method !== 'PUT') return unsupported(request);
      let body: Record<string, unknown>;
      try {
        const parsed = JSON.parse(request.body.toString('utf8') || '{}') as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return lambdaRestError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const others = Object.keys(body).filter((key) => key !== 'Enabled');
      if (others.length > 0) {
        return lambdaRestError(
          400,
          'InvalidParameterValueException',
          `Only Enabled can be updated locally (not ${others.join(', ')}): change the mapping in serverless.yml.`,
        );
      }
      if (body.Enabled === undefined) return json(202, describe(uuid, source));
      if (typeof body.Enabled !== 'boolean') {
        return lambdaRestError(400, 'InvalidRequestContentException', 'Enabled must be a boolean.');
      }
      const changing = body.Enabled !== source.enabled;
      options.states.remember(uuid, body.Enabled);
      lastModified.set(uuid, Date.now() / 1000);
      await source.setEnabled(body.Enabled);
      // AWS answers while the change is under way; here it is done by the time the answer leaves.
      return json(202, describe(uuid, source, changing ? (body.Enabled ? 'Enabling' : 'Disabling') : undefined));
    },
  };
}

function unsupported(request: EdgeRequest): EdgeResponse {
  return lambdaRestError(
    400,
    'InvalidRequestContentException',
    `Unsupported Lambda operation ${request.method} ${request.path}`,
  );
}

function json(status: number, body: unknown): EdgeResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
