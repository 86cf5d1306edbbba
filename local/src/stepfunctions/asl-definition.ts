import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * The Task resources the local cloud runs, each as AWS runs it:
 * - `arn:aws:states:::lambda:invoke` (optimized integration: `Parameters.FunctionName` and
 *   `Payload`, result `{ ExecutedVersion, Payload, StatusCode, … }`),
 * - a plain Lambda function ARN (the state input is the event, the result is the function's),
 * - `arn:aws:states:::events:putEvents` (optimized integration).
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
 */
export type TaskIntegration =
  | { readonly kind: 'lambda-invoke'; readonly resource: string }
  | { readonly kind: 'lambda-function'; readonly resource: string }
  | { readonly kind: 'events-put-events'; readonly resource: string };

export interface PreparedDefinition {
  /** The definition aws-local-stepfunctions runs (Task timeouts made explicit, see below). */
  readonly runnable: StateMachine;
  /** Every Task state (at any depth: state names are unique in a whole state machine) and what it calls. */
  readonly tasks: ReadonlyMap<string, TaskIntegration>;
  readonly waitStates: readonly string[];
  readonly retryStates: readonly string[];
  /** Function names or ARNs written literally in the definition, to check they exist at start-up. */
  readonly staticFunctions: ReadonlyArray<{ readonly state: string; readonly function: string }>;
}

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const PUT_EVENTS = /^arn:aws[a-z-]*:states:::events:putEvents$/;
const LAMBDA_FUNCTION = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

/** The longest delay a Node timer holds (2^31-1 ms); a longer one fires at once. */
const MAX_TIMER_SECONDS = 2_147_483;

const COMMON_FIELDS = ['Type', 'Comment', 'Next', 'End', 'InputPath', 'OutputPath'];
const FIELDS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  Task: [
    'Resource',
    'Parameters',
    'ResultPath',
    'ResultSelector',
    'Retry',
    'Catch',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
  ],
  Pass: ['Result', 'ResultPath', 'Parameters'],
  Choice: ['Choices', 'Default'],
  Wait: ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'],
  Succeed: [],
  Fail: ['Error', 'Cause', 'ErrorPath', 'CausePath'],
  Parallel: ['Branches', 'Parameters', 'ResultPath', 'ResultSelector', 'Retry', 'Catch'],
  Map: [
    'Iterator',
    'ItemProcessor',
    'ItemsPath',
    'ItemSelector',
    'Parameters',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ResultPath',
    'ResultSelector',
    'Retry',
    'Catch',
  ],
};
const TOP_LEVEL_FIELDS = ['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage'];
const WHY_REFUSED: Readonly<Record<string, string>> = {
  Assign: 'variables are not supported by the local engine',
  Arguments: 'JSONata is not supported by the local engine',
  Output: 'JSONata is not supported by the local engine',
  Credentials: 'cross-account roles are not emulated',
  HeartbeatSeconds: 'heartbeats belong to callbacks and activities, which are not emulated',
  HeartbeatSecondsPath: 'heartbeats belong to callbacks and activities, which are not emulated',
  ItemReader: 'Distributed Map is not emulated',
  ItemBatcher: 'Distributed Map is not emulated',
  ResultWriter: 'Distributed Map is not emulated',
  ToleratedFailureCount: 'Distributed Map is not emulated',
  ToleratedFailurePercentage: 'Distributed Map is not emulated',
  Label: 'Distributed Map is not emulated',
};

/**
 * Checks a definition once, when the local cloud starts, and prepares it for
 * aws-local-stepfunctions. Anything it would not run as AWS does is an error naming the state
 * and the field or resource (an unknown Task resource would otherwise be sent to a real Lambda
 * endpoint by the library). Task states without `TimeoutSeconds` get AWS's default (no timeout,
 * 99999999 s) capped to what a timer can hold, instead of the library's 60 seconds.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export function prepareDefinition(definition: Readonly<Record<string, unknown>>, where: string): PreparedDefinition {
  const tasks = new Map<string, TaskIntegration>();
  const waitStates: string[] = [];
  const retryStates: string[] = [];
  const staticFunctions: Array<{ state: string; function: string }> = [];
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };

  for (const field of Object.keys(definition)) {
    if (!TOP_LEVEL_FIELDS.includes(field)) fail(`top-level field '${field}' is not supported by the local cloud`);
  }
  if (definition.QueryLanguage !== undefined && definition.QueryLanguage !== 'JSONPath') {
    fail(`QueryLanguage '${String(definition.QueryLanguage)}' is not supported by the local cloud (JSONPath only)`);
  }
  const runtime = structuredClone(definition) as Record<string, unknown>;
  delete runtime.QueryLanguage;
  visitStates(runtime, (name, state) => {
    const at = `state "${name}"`;
    const type = String(state.Type);
    const allowed = FIELDS_BY_TYPE[type];
    if (!allowed) return fail(`${at}: state type '${type}' is not supported`);
    for (const field of Object.keys(state)) {
      if (COMMON_FIELDS.includes(field) || allowed.includes(field)) continue;
      if (field === 'QueryLanguage' && state.QueryLanguage === 'JSONPath') {
        delete state.QueryLanguage;
        continue;
      }
      const why =
        WHY_REFUSED[field] ?? (field === 'QueryLanguage' ? 'JSONata is not supported by the local engine' : '');
      fail(`${at}: field '${field}' is not supported by the local cloud${why ? ` (${why})` : ''}`);
    }
    if (type === 'Map') {
      const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: unknown } } | undefined;
      const mode = processor?.ProcessorConfig?.Mode;
      if (mode !== undefined && mode !== 'INLINE')
        fail(`${at}: Map ProcessorConfig.Mode '${String(mode)}' is not supported (INLINE only)`);
      if (processor?.ProcessorConfig) delete processor.ProcessorConfig;
    }
    if (Array.isArray(state.Retry) && state.Retry.length > 0) retryStates.push(name);
    if (type === 'Wait') waitStates.push(name);
    if (type !== 'Task') return;

    if (tasks.has(name)) fail(`${at}: the name is used twice (state names must be unique in a state machine)`);
    const resource = String(state.Resource);
    const parameters = state.Parameters as Record<string, unknown> | undefined;
    if (LAMBDA_INVOKE.test(resource)) {
      if (!parameters || (parameters.FunctionName === undefined && parameters['FunctionName.$'] === undefined)) {
        fail(`${at}: ${resource} needs Parameters.FunctionName`);
      }
      const invocationType = parameters?.InvocationType;
      if (invocationType !== undefined && invocationType !== 'RequestResponse') {
        fail(`${at}: InvocationType '${String(invocationType)}' is not supported (RequestResponse only)`);
      }
      if (typeof parameters?.FunctionName === 'string')
        staticFunctions.push({ state: name, function: parameters.FunctionName });
      tasks.set(name, { kind: 'lambda-invoke', resource });
    } else if (LAMBDA_FUNCTION.test(resource)) {
      staticFunctions.push({ state: name, function: resource });
      tasks.set(name, { kind: 'lambda-function', resource });
    } else if (PUT_EVENTS.test(resource)) {
      if (!parameters || (parameters.Entries === undefined && parameters['Entries.$'] === undefined)) {
        fail(`${at}: ${resource} needs Parameters.Entries`);
      }
      tasks.set(name, { kind: 'events-put-events', resource });
    } else {
      fail(
        `${at}: Task resource '${resource}' is not supported by the local cloud (supported: arn:aws:states:::lambda:invoke, a Lambda function ARN, arn:aws:states:::events:putEvents)`,
      );
    }
    if (state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = Math.min(Number(state.TimeoutSeconds ?? 99_999_999), MAX_TIMER_SECONDS);
    }
  });

  let runnable: StateMachine;
  try {
    runnable = new StateMachine(runtime as unknown as StateMachineDefinition);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  return { runnable, tasks, waitStates, retryStates, staticFunctions };
}

/** Calls `visit` for every state, including those inside Parallel branches and Map processors. */
function visitStates(
  machine: Record<string, unknown>,
  visit: (name: string, state: Record<string, unknown>) => void,
): void {
  const states = machine.States;
  if (typeof states !== 'object' || states === null) return;
  for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
    if (typeof state !== 'object' || state === null) continue;
    const record = state as Record<string, unknown>;
    visit(name, record);
    for (const branch of Array.isArray(record.Branches) ? record.Branches : []) {
      if (typeof branch === 'object' && branch !== null) visitStates(branch as Record<string, unknown>, visit);
    }
    for (const processor of [record.Iterator, record.ItemProcessor]) {
      if (typeof processor === 'object' && processor !== null) visitStates(processor as Record<string, unknown>, visit);
    }
  }
}
