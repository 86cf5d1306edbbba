import { randomUUID } from 'node:crypto';
import { isAwsError } from '../edge/aws-error.ts';
import type { PutEventsEntry, PutEventsResultEntry } from '../eventbridge/event-bus.ts';
import type { TaskIntegration } from './asl-definition.ts';

/** What a synchronous Lambda invocation answered (the local Lambda runtime's `invoke`). */
export type InvokeFunctionResult =
  | { readonly ok: true; readonly payload: unknown; readonly requestId?: string }
  | {
      readonly ok: false;
      readonly errorType: string;
      readonly errorMessage: string;
      readonly trace?: readonly string[];
      readonly requestId?: string;
      /** `Throttled` when the invocation never reached the function (reserved concurrency). */
      readonly functionError?: 'Unhandled' | 'Throttled';
    };

/** A PutEvents entry and answer: the EventBridge API's own shapes, as the bus takes them. */
export type PutEventsRequestEntry = PutEventsEntry;
export interface PutEventsOutput {
  readonly FailedEntryCount: number;
  readonly Entries: readonly PutEventsResultEntry[];
}

/** The services a state machine's Task states reach. */
export interface TaskPorts {
  invokeFunction(functionNameOrArn: string, payload: unknown): Promise<InvokeFunctionResult>;
  putEvents(entries: PutEventsRequestEntry[]): PutEventsOutput | Promise<PutEventsOutput>;
}

/** What the history records of one Task attempt (the library's event log has no task details). */
export interface TaskObservation {
  parameters?: unknown;
  output?: unknown;
}

/**
 * A Task failure as the States language sees it: `name` is the error Retry/Catch match
 * (`ErrorEquals`), `message` is the cause. aws-local-stepfunctions matches on `error.name` and
 * reports `error.message` as `Cause`.
 */
export class TaskFailedError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type TaskHandler = (input: JsonValue) => Promise<JsonValue>;

/**
 * The `taskResourceLocalHandlers` of one execution: each Task state runs its integration
 * through the local cloud's services, with AWS's result shapes and error names:
 * - a function error becomes the error named by its `errorType` (what `ErrorEquals` matches on
 *   AWS), with the Lambda error payload as cause; a throttle is `Lambda.TooManyRequestsException`;
 *   an invocation that could not be made is `Lambda.ServiceException`;
 * - `events:putEvents` appends the execution and state machine ARNs to each entry's Resources and
 *   fails with `EventBridge.FailedEntry` when `FailedEntryCount` is not zero.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
 */
export function createTaskHandlers(
  tasks: ReadonlyMap<string, TaskIntegration>,
  ports: TaskPorts,
  execution: { readonly executionArn: string; readonly stateMachineArn: string },
  observe: (stateName: string, observation: TaskObservation) => void,
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  for (const [stateName, task] of tasks) {
    const run = async (input: JsonValue): Promise<JsonValue> => {
      switch (task.kind) {
        case 'lambda-invoke':
          return invokeOptimized(ports, input);
        case 'lambda-function':
          return toJson((await invoke(ports, task.resource, input)).payload);
        case 'events-put-events':
          return putEvents(ports, input, execution);
      }
    };
    handlers[stateName] = async (input) => {
      observe(stateName, { parameters: input });
      const output = await run(input);
      observe(stateName, { parameters: input, output });
      return output;
    };
  }
  return handlers;
}

async function invokeOptimized(ports: TaskPorts, parameters: JsonValue): Promise<JsonValue> {
  const { FunctionName: functionName, Payload: payload } = (parameters ?? {}) as Record<string, JsonValue>;
  if (typeof functionName !== 'string' || functionName === '') {
    throw new TaskFailedError('States.Runtime', 'The lambda:invoke integration needs a FunctionName string.');
  }
  const result = await invoke(ports, functionName, payload ?? {});
  const requestId = result.requestId ?? randomUUID();
  const headers = {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': requestId,
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: toJson(result.payload),
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

async function invoke(
  ports: TaskPorts,
  functionName: string,
  payload: unknown,
): Promise<{ payload: unknown; requestId: string | undefined }> {
  let result: InvokeFunctionResult;
  try {
    result = await ports.invokeFunction(functionName, payload);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TaskFailedError(
      /not found/i.test(message) ? 'Lambda.ResourceNotFoundException' : 'Lambda.ServiceException',
      message,
    );
  }
  if (result.ok) return { payload: result.payload, requestId: result.requestId };
  if (result.functionError === 'Throttled' || result.errorType === 'TooManyRequestsException') {
    throw new TaskFailedError('Lambda.TooManyRequestsException', result.errorMessage);
  }
  const cause = JSON.stringify({
    errorType: result.errorType,
    errorMessage: result.errorMessage,
    ...(result.trace ? { trace: result.trace } : {}),
  });
  throw new TaskFailedError(result.errorType || 'States.TaskFailed', cause);
}

async function putEvents(
  ports: TaskPorts,
  parameters: JsonValue,
  execution: { readonly executionArn: string; readonly stateMachineArn: string },
): Promise<JsonValue> {
  const entries = (parameters as { Entries?: unknown } | null)?.Entries;
  if (!Array.isArray(entries)) {
    throw new TaskFailedError('States.Runtime', 'The events:putEvents integration needs an Entries array.');
  }
  const requestEntries = entries.map((entry): PutEventsRequestEntry => {
    const fields = (entry ?? {}) as Record<string, unknown>;
    const detail = fields.Detail;
    return {
      ...fields,
      Detail: detail === undefined || typeof detail === 'string' ? detail : JSON.stringify(detail),
      Resources: [
        ...(Array.isArray(fields.Resources) ? fields.Resources.map(String) : []),
        execution.executionArn,
        execution.stateMachineArn,
      ],
    };
  });
  let output: PutEventsOutput;
  try {
    output = await ports.putEvents(requestEntries);
  } catch (error) {
    if (isAwsError(error)) throw new TaskFailedError(`EventBridge.${error.code}`, error.message);
    throw new TaskFailedError('EventBridge.InternalException', error instanceof Error ? error.message : String(error));
  }
  const answer = toJson({ Entries: output.Entries, FailedEntryCount: output.FailedEntryCount });
  if (output.FailedEntryCount > 0) throw new TaskFailedError('EventBridge.FailedEntry', JSON.stringify(answer));
  return answer;
}

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
