import type { TaskIntegration } from './asl-definition.ts';
import type { TaskObservation } from './task-integrations.ts';

/** The parts of aws-local-stepfunctions' event log the history reads (its `EventLog` union). */
export interface EngineEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly Error?: string;
  readonly Cause?: unknown;
  readonly index?: number;
  readonly state?: {
    readonly name: string;
    readonly type: string;
    readonly input?: unknown;
    readonly output?: unknown;
  };
  readonly parentState?: { readonly name: string; readonly type: string };
}

export type HistoryEventDraft = { readonly type: string; readonly timestamp: number } & Record<string, unknown>;

/** The message aws-local-stepfunctions gives a Fail state that declares no Cause (AWS reports none). */
const FAIL_STATE_DEFAULT_CAUSE = 'Execution failed because of a Fail state';
const FAIL_STATE_DEFAULT_ERROR = 'FailStateError';

/**
 * Turns aws-local-stepfunctions' event log into GetExecutionHistory's event types, as far as the
 * log allows: `<Type>StateEntered/Exited`, and for Task states the `TaskScheduled`,
 * `TaskStarted`, `TaskSucceeded`/`TaskFailed`/`TaskTimedOut` sequence (once per attempt, as
 * AWS records retries), or the `LambdaFunction*` events for a plain function ARN resource.
 * Task parameters and raw results come from the task handlers' observations, since the log
 * only carries state input and output.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
export class HistoryTranslator {
  readonly #tasks: ReadonlyMap<string, TaskIntegration>;
  readonly #observations: ReadonlyMap<string, TaskObservation>;
  readonly #region: string;
  readonly #roleArn: string;
  /** Task states whose current attempt failed: their exit is a Catch, not a success. */
  readonly #failed = new Set<string>();

  constructor(options: {
    tasks: ReadonlyMap<string, TaskIntegration>;
    observations: ReadonlyMap<string, TaskObservation>;
    region: string;
    roleArn: string;
  }) {
    this.#tasks = options.tasks;
    this.#observations = options.observations;
    this.#region = options.region;
    this.#roleArn = options.roleArn;
  }

  translate(event: EngineEvent): HistoryEventDraft[] {
    const at = event.timestamp;
    const state = event.state;
    const task = state && state.type === 'Task' ? this.#tasks.get(state.name) : undefined;
    switch (event.type) {
      case 'ExecutionStarted':
        return [
          {
            type: 'ExecutionStarted',
            timestamp: at,
            executionStartedEventDetails: {
              input: json(event.input),
              inputDetails: { truncated: false },
              roleArn: this.#roleArn,
            },
          },
        ];
      case 'ExecutionSucceeded':
        return [
          {
            type: 'ExecutionSucceeded',
            timestamp: at,
            executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } },
          },
        ];
      case 'ExecutionFailed':
        return [
          {
            type: 'ExecutionFailed',
            timestamp: at,
            executionFailedEventDetails: failureDetails(event.Error, event.Cause),
          },
        ];
      case 'ExecutionTimeout':
        return [
          { type: 'ExecutionTimedOut', timestamp: at, executionTimedOutEventDetails: { error: 'States.Timeout' } },
        ];
      case 'StateEntered': {
        if (!state) return [];
        const entered: HistoryEventDraft = {
          type: `${state.type}StateEntered`,
          timestamp: at,
          stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: { truncated: false } },
        };
        if (task) return [entered, ...this.#scheduled(state.name, task, at, state.input)];
        if (state.type === 'Parallel') return [entered, { type: 'ParallelStateStarted', timestamp: at }];
        return [entered];
      }
      case 'StateRetried':
        return state && task ? this.#scheduled(state.name, task, at, state.input) : [];
      case 'StateFailed': {
        if (!state) return [];
        if (task) {
          this.#failed.add(state.name);
          return [this.#taskFailed(task, at, event.Error ?? 'States.TaskFailed', cause(event.Cause))];
        }
        if (state.type === 'Map' || state.type === 'Parallel')
          return [{ type: `${state.type}StateFailed`, timestamp: at }];
        return [];
      }
      case 'StateExited': {
        if (!state) return [];
        const exited: HistoryEventDraft = {
          type: `${state.type}StateExited`,
          timestamp: at,
          stateExitedEventDetails: {
            name: state.name,
            output: json(state.output),
            outputDetails: { truncated: false },
          },
        };
        if (task) {
          const caught = this.#failed.delete(state.name);
          if (caught) return [exited];
          const output = json(this.#observations.get(state.name)?.output ?? state.output);
          return [
            task.kind === 'lambda-function'
              ? {
                  type: 'LambdaFunctionSucceeded',
                  timestamp: at,
                  lambdaFunctionSucceededEventDetails: { output, outputDetails: { truncated: false } },
                }
              : {
                  type: 'TaskSucceeded',
                  timestamp: at,
                  taskSucceededEventDetails: {
                    ...resourceOf(task),
                    output,
                    outputDetails: { truncated: false },
                  },
                },
            exited,
          ];
        }
        if (state.type === 'Map' || state.type === 'Parallel') {
          return [{ type: `${state.type}StateSucceeded`, timestamp: at }, exited];
        }
        return [exited];
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
        return [
          { type: event.type, timestamp: at, [detailsKey]: { name: event.parentState?.name, index: event.index } },
        ];
      }
      default:
        // StateCaught, ParallelBranch*, ExecutionAborted (StopExecution records its own) have no AWS event.
        return [];
    }
  }

  #scheduled(stateName: string, task: TaskIntegration, at: number, stateInput: unknown): HistoryEventDraft[] {
    const parameters = json(this.#observations.get(stateName)?.parameters ?? stateInput);
    if (task.kind === 'lambda-function') {
      return [
        {
          type: 'LambdaFunctionScheduled',
          timestamp: at,
          lambdaFunctionScheduledEventDetails: {
            resource: task.resource,
            input: parameters,
            inputDetails: { truncated: false },
          },
        },
        { type: 'LambdaFunctionStarted', timestamp: at },
      ];
    }
    return [
      {
        type: 'TaskScheduled',
        timestamp: at,
        taskScheduledEventDetails: { ...resourceOf(task), region: this.#region, parameters },
      },
      { type: 'TaskStarted', timestamp: at, taskStartedEventDetails: resourceOf(task) },
    ];
  }

  #taskFailed(task: TaskIntegration, at: number, error: string, causeText: string | undefined): HistoryEventDraft {
    const timedOut = error === 'States.Timeout';
    if (task.kind === 'lambda-function') {
      const type = timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed';
      const key = timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails';
      return { type, timestamp: at, [key]: { error, cause: causeText } };
    }
    const type = timedOut ? 'TaskTimedOut' : 'TaskFailed';
    const key = timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
    return { type, timestamp: at, [key]: { ...resourceOf(task), error, cause: causeText } };
  }
}

/** The `error`/`cause` an execution failed with, as DescribeExecution and ExecutionFailed report them. */
export function failureDetails(error: string | undefined, rawCause: unknown): { error?: string; cause?: string } {
  const text = cause(rawCause);
  return {
    ...(error !== undefined && error !== FAIL_STATE_DEFAULT_ERROR ? { error } : {}),
    ...(text !== undefined && text !== FAIL_STATE_DEFAULT_CAUSE ? { cause: text } : {}),
  };
}

/** `lambda:invoke` is resourceType `lambda`, resource `invoke`, as AWS splits the integration ARN. */
function resourceOf(task: TaskIntegration): { resourceType: string; resource: string } {
  const [service = '', action = ''] = task.resource.split(':::')[1]?.split(':') ?? [];
  return { resourceType: service, resource: action };
}

function cause(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  return JSON.stringify(value);
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
