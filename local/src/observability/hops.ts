import type { Topology } from '@shop/topology/topology';
import type { HttpRequestRecord } from '../apigateway/http-api.ts';
import type { EventBridgeEvent } from '../eventbridge/event-bus.ts';
import type { InvocationRecord } from '../lambda/lambda-runtime.ts';
import type { ObjectActivity } from '../s3/index.ts';
import type { SesService } from '../ses/index.ts';
import type { QueueActivity } from '../sqs/sqs-engine.ts';
import type { StoredHistoryEvent } from '../stepfunctions/index.ts';
import { type NewHop, traceKeysOf } from './trace.ts';

type MailMessage = ReturnType<SesService['listMailbox']>[number];

/**
 * Turns what the local cloud's services report into the hops of the per-order trace, each in the
 * lane of the service (stack) it happened in. Pure: `cloud.ts` feeds it and stores the hops.
 */
export class HopMaker {
  readonly #laneOfFunction = new Map<string, string>();
  readonly #keyOfFunction = new Map<string, string>();
  readonly #laneOfQueue = new Map<string, string>();
  readonly #laneOfStateMachine = new Map<string, string>();
  readonly #laneOfPipe = new Map<string, string>();
  readonly #laneOfSource = new Map<string, string>();
  readonly #laneOfBucket = new Map<string, string>();
  readonly #executionKeys = new Map<string, string[]>();
  readonly #stage: string;

  constructor(topology: Topology) {
    this.#stage = topology.stage;
    for (const fn of topology.functions) {
      this.#laneOfFunction.set(fn.name, this.laneOfStack(fn.stackName));
      this.#keyOfFunction.set(fn.name, fn.key);
    }
    for (const queue of topology.queues) this.#laneOfQueue.set(queue.name, this.laneOfStack(queue.stackName));
    for (const machine of topology.stateMachines)
      this.#laneOfStateMachine.set(machine.arn, this.laneOfStack(machine.stackName));
    for (const pipe of topology.pipes) this.#laneOfPipe.set(pipe.name, this.laneOfStack(pipe.stackName));
    for (const bucket of topology.buckets) this.#laneOfBucket.set(bucket.name, this.laneOfStack(bucket.stackName));
    for (const stack of topology.stacks) {
      const lane = this.laneOfStack(stack.stackName);
      this.#laneOfSource.set(`shop.${lane}`, lane);
    }
  }

  /** `shop-payments-local` → `payments`; the platform stack is `platform`. */
  laneOfStack(stackName: string): string {
    return stackName.replace(/^shop-/, '').replace(new RegExp(`-${this.#stage}$`), '');
  }

  /** `shop-payments-local-payment-dlq` → `payment-dlq`. */
  shortQueueName(queueName: string): string {
    const lane = this.#laneOfQueue.get(queueName);
    return lane ? queueName.replace(`shop-${lane}-${this.#stage}-`, '').replace(`shop-${this.#stage}-`, '') : queueName;
  }

  api(record: HttpRequestRecord): NewHop {
    const keys = new Set([...traceKeysOf(record.path), ...traceKeysOf(record.answerBody)]);
    if (record.correlationId) keys.add(record.correlationId);
    return {
      keys: [...keys],
      lane: record.stackName ? this.laneOfStack(record.stackName) : 'api',
      kind: 'api',
      name: `${record.method} ${record.path}`,
      summary: `${record.method} ${record.path} answered ${record.status} in ${Math.round(record.latencyMs)} ms`,
      detail: { status: record.status, answer: parseMaybe(record.answerBody), requestId: record.requestId },
    };
  }

  log(functionName: string, line: string): NewHop | undefined {
    if (line.includes('"_aws"')) return undefined;
    const keys = traceKeysOf(line);
    if (keys.length === 0) return undefined;
    const entry = parseMaybe(line);
    const summary =
      entry && typeof entry === 'object' && 'message' in entry
        ? `${String((entry as Record<string, unknown>).level ?? '')} ${String((entry as Record<string, unknown>).message)}`.trim()
        : line;
    return {
      keys,
      lane: this.#laneOfFunction.get(functionName) ?? 'functions',
      kind: 'log',
      name: this.#keyOfFunction.get(functionName) ?? functionName,
      summary,
      detail: entry,
    };
  }

  event(event: EventBridgeEvent, busArn: string, matched: readonly string[]): NewHop {
    const version = (event.detail as { metadata?: { version?: unknown } } | undefined)?.metadata?.version;
    const bus = busArn.slice(busArn.indexOf(':event-bus/') + ':event-bus/'.length);
    return {
      keys: traceKeysOf(event),
      lane: this.#laneOfSource.get(event.source) ?? 'platform',
      kind: 'event',
      name: event['detail-type'],
      summary: `${replayOf(event)}${event['detail-type']}${version === undefined ? '' : ` v${String(version)}`} from ${event.source} on ${bus}: ${
        matched.length === 0 ? 'no rule matched' : `matched ${matched.join(', ')}`
      }`,
      detail: { event, matchedRules: matched },
    };
  }

  queue(activity: QueueActivity): NewHop | undefined {
    const keys = traceKeysOf(activity.body ?? '');
    if (keys.length === 0) return undefined;
    const queue = this.shortQueueName(activity.queueName);
    const times = activity.receiveCount && activity.receiveCount > 1 ? ` (receive ${activity.receiveCount})` : '';
    const summary = {
      sent: `sent to ${queue}`,
      received: `received from ${queue}${times}`,
      deleted: `deleted from ${queue}: done`,
      delayed: `left on ${queue} to retry in ${activity.detail ?? '?'}${times}`,
      'dead-lettered': `moved from ${queue} to the dead-letter queue ${this.shortQueueName(activity.detail ?? '')} after ${activity.receiveCount ?? '?'} receives`,
    }[activity.kind];
    return {
      keys,
      lane: this.#laneOfQueue.get(activity.queueName) ?? 'queues',
      kind: 'queue',
      name: queue,
      summary,
      detail: {
        messageId: activity.messageId,
        kind: activity.kind,
        ...(activity.kind === 'sent' || activity.kind === 'dead-lettered'
          ? { body: parseMaybe(activity.body ?? '') }
          : {}),
      },
    };
  }

  invocation(record: InvocationRecord): NewHop | undefined {
    const answer = record.result?.ok ? record.result.payload : undefined;
    const keys = [...new Set([...traceKeysOf(record.event), ...traceKeysOf(answer)])];
    if (keys.length === 0) return undefined;
    const name = this.#keyOfFunction.get(record.functionName) ?? record.functionName;
    const failure =
      record.result && !record.result.ok ? `${record.result.errorType}: ${record.result.errorMessage}` : undefined;
    const summary =
      record.outcome === 'Throttled'
        ? `${name} throttled`
        : `${name} ${failure ? `failed (${failure})` : 'succeeded'} in ${Math.round(record.durationMs)} ms, ${record.coldStart ? 'cold' : 'warm'}`;
    return {
      keys,
      lane: this.#laneOfFunction.get(record.functionName) ?? 'functions',
      kind: 'invocation',
      name,
      summary,
      detail: {
        requestId: record.requestId,
        durationMs: Math.round(record.durationMs * 100) / 100,
        coldStart: record.coldStart,
        outcome: record.outcome,
        ...(failure ? { error: failure } : {}),
      },
    };
  }

  pipe(
    pipeName: string,
    outcome: string,
    durationMs: number,
    messages: ReadonlyArray<{ body: string }>,
  ): NewHop | undefined {
    const keys = traceKeysOf(messages.map((message) => message.body).join('\n'));
    if (keys.length === 0) return undefined;
    const summary = {
      Succeeded: 'filtered, enriched and delivered to its target',
      Filtered: 'filtered out: nothing to deliver',
      EnrichmentStageFailed: 'enrichment failed: the batch stays on the queue',
      TargetStageFailed: 'target failed: the batch stays on the queue',
      TargetStagePartiallyFailed: 'target failed some records: they stay on the queue',
    }[outcome];
    return {
      keys,
      lane: this.#laneOfPipe.get(pipeName) ?? 'pipes',
      kind: 'pipe',
      name: pipeName,
      summary: `${summary ?? outcome} (${messages.length} record${messages.length === 1 ? '' : 's'}, ${Math.round(durationMs)} ms)`,
      detail: { outcome, records: messages.length },
    };
  }

  /** Saga history: the execution's ids come from its input, given when it starts. */
  sagaEvent(executionArn: string, event: StoredHistoryEvent, stateMachineArn: string): NewHop | undefined {
    if (event.type === 'ExecutionStarted') {
      const input = (event.executionStartedEventDetails as { input?: string } | undefined)?.input;
      this.#executionKeys.set(executionArn, traceKeysOf(input ?? ''));
    }
    const keys = this.#executionKeys.get(executionArn) ?? [];
    if (keys.length === 0) return undefined;
    const state = Object.values(event).find(
      (value): value is { name: string } => typeof value === 'object' && value !== null && 'name' in value,
    )?.name;
    const what = event.type.endsWith('StateEntered')
      ? `entered ${state}`
      : event.type.endsWith('StateExited')
        ? `left ${state}`
        : event.type.startsWith('Execution')
          ? event.type.replace(/^Execution/, 'execution ').toLowerCase()
          : undefined;
    if (!what) return undefined;
    if (/^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(event.type)) this.#executionKeys.delete(executionArn);
    return {
      keys,
      lane: this.#laneOfStateMachine.get(stateMachineArn) ?? 'stepfunctions',
      kind: 'saga',
      name: state ?? event.type,
      summary: what,
      at: new Date(event.timestamp).toISOString(),
      detail: event,
    };
  }

  /** An S3 object operation, in the lane of the stack that owns the bucket (its key names the order). */
  storage(activity: ObjectActivity): NewHop | undefined {
    const keys = traceKeysOf(activity.key);
    if (keys.length === 0) return undefined;
    const how = activity.presigned ? ' with a presigned URL' : '';
    const outcome = activity.error
      ? `answered ${activity.status} ${activity.error}`
      : activity.bytes !== undefined
        ? `${activity.bytes} bytes`
        : `answered ${activity.status}`;
    return {
      keys,
      lane: this.#laneOfBucket.get(activity.bucket) ?? 's3',
      kind: 'storage',
      name: activity.operation,
      summary: `${activity.operation}${how} ${activity.key}: ${outcome}`,
      detail: activity,
    };
  }

  mail(message: MailMessage): NewHop | undefined {
    const keys = traceKeysOf(`${message.subject}\n${message.text ?? ''}`);
    if (keys.length === 0) return undefined;
    return {
      keys,
      lane: 'notifications',
      kind: 'mail',
      name: message.subject,
      summary: `mail to ${message.to.join(', ')}: ${message.subject}`,
      detail: { to: message.to, subject: message.subject, text: message.text },
    };
  }
}

/** `replayed by <name>: ` for an event a replay sent again. */
function replayOf(event: EventBridgeEvent): string {
  const name = event['replay-name'];
  return name === undefined ? '' : `replayed by ${name}: `;
}

function parseMaybe(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
