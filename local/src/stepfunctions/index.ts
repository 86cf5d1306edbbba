import type { EdgeService } from '../edge/types.ts';
import { ExecutionEngine, type StateMachineSpec, type TimingOverrides } from './execution-engine.ts';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  ExecutionStore,
  type StoredHistoryEvent,
} from './execution-store.ts';
import { stepFunctionsEdgeService } from './step-functions-api.ts';
import type { TaskPorts } from './task-integrations.ts';

export type { StateMachineSpec, TimingOverrides } from './execution-engine.ts';
export type { ExecutionRecord, ExecutionStatus, StoredHistoryEvent } from './execution-store.ts';
export type {
  InvokeFunctionResult,
  PutEventsOutput,
  PutEventsRequestEntry,
  TaskPorts,
} from './task-integrations.ts';

export interface StepFunctionsServiceOptions extends TaskPorts {
  /** Where `stepfunctions.db` lives. */
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateMachines: readonly StateMachineSpec[];
  /** When set, a function named literally in a definition must exist (a start-up error otherwise). */
  readonly functionExists?: (functionNameOrArn: string) => boolean;
  /** Epoch milliseconds for start and stop dates (default `Date.now`). */
  readonly now?: () => number;
  /** Wait/Retry pauses for tests and demos; by default executions keep AWS's timing. */
  readonly timing?: TimingOverrides;
  /** Hears of each execution started and closed (`AWS/States` metrics, the trace). */
  readonly onExecutionStatus?: (record: ExecutionRecord) => void;
  /** Hears of each event of an execution's history (the trace's saga states). */
  readonly onHistoryEvent?: (executionArn: string, event: StoredHistoryEvent) => void;
}

/**
 * The local cloud's Step Functions: the declared state machines run by aws-local-stepfunctions
 * with the local Lambda and EventBridge behind their Task states. `edge` serves the API to SDK
 * clients; the methods are the in-process API EventBridge rule targets and the console use.
 */
export interface StepFunctionsService {
  readonly edge: EdgeService;
  /**
   * StartExecution with the API's rules and errors (an `AwsError`), for EventBridge rule targets
   * (`arn:aws:states:<region>:<account>:stateMachine:<name>`): `input` is JSON text.
   */
  startExecution(stateMachineArn: string, input: string, name?: string): { executionArn: string; startDate: Date };
  /** Whether a state machine with this ARN is declared (rule targets are checked at start-up). */
  hasStateMachine(stateMachineArn: string): boolean;
  /** Executions, newest first (all state machines unless one is named). */
  listExecutions(options?: { stateMachineArn?: string; status?: ExecutionStatus; limit?: number }): ExecutionRecord[];
  describeExecution(executionArn: string): ExecutionRecord | undefined;
  getExecutionHistory(executionArn: string): StoredHistoryEvent[];
  /** The ARNs of the executions this start resumed (they were RUNNING when the cloud last stopped). */
  readonly resumed: readonly string[];
  /** Resolves once no execution is running. */
  drain(): Promise<void>;
  /** Stops driving executions (RUNNING ones resume at the next start) and closes the database. */
  close(): Promise<void>;
}

export function createStepFunctionsService(options: StepFunctionsServiceOptions): StepFunctionsService {
  const store = new ExecutionStore(options.dataDir, options.onExecutionStatus, options.onHistoryEvent);
  let engine: ExecutionEngine;
  try {
    engine = new ExecutionEngine({
      region: options.region,
      accountId: options.accountId,
      store,
      stateMachines: options.stateMachines,
      ports: { invokeFunction: options.invokeFunction, putEvents: options.putEvents },
      functionExists: options.functionExists,
      now: options.now ?? Date.now,
      timing: options.timing,
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const resumed = engine.resumeInterrupted();
  return {
    edge: stepFunctionsEdgeService(engine, store),
    resumed,
    startExecution(stateMachineArn, input, name) {
      const started = engine.start({ stateMachineArn, input, name });
      return { executionArn: started.executionArn, startDate: new Date(started.startDate) };
    },
    hasStateMachine: (stateMachineArn) =>
      engine.stateMachines().some((machine) => machine.spec.arn === stateMachineArn),
    listExecutions(filter = {}) {
      return store.list({
        stateMachineArn: filter.stateMachineArn,
        status: filter.status,
        offset: 0,
        limit: filter.limit ?? 1000,
      });
    },
    describeExecution: (executionArn) => store.get(executionArn),
    getExecutionHistory: (executionArn) => store.history(executionArn, { reverse: false, offset: 0, limit: 1_000_000 }),
    drain: () => engine.drain(),
    async close() {
      await engine.close();
      store.close();
    },
  };
}
