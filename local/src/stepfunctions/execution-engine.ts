import { randomUUID } from 'node:crypto';
import type { StateMachineSpec } from '@shop/topology/topology';
import { AwsError } from '../edge/aws-error.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../edge/json-depth.ts';
import {
  assertExecutionArn,
  assertExecutionName,
  assertStateMachineArn,
  executionArnOf,
  stateMachineArnOf,
} from './arns.ts';

import { type PreparedDefinition, prepareDefinition } from './asl-definition.ts';
import { type EngineEvent, failureDetails, HistoryTranslator } from './execution-history.ts';
import type { ExecutionOutcome, ExecutionRecord, ExecutionStore } from './execution-store.ts';
import { createTaskHandlers, type TaskObservation, type TaskPorts } from './task-integrations.ts';

export type { StateMachineSpec };

export interface LoadedStateMachine {
  readonly spec: StateMachineSpec;
  readonly prepared: PreparedDefinition;
  readonly roleArn: string;
  readonly creationDate: number;
}

/** Shortcuts for Wait and Retry pauses, for tests and demos only: the default is AWS's timing. */
export interface TimingOverrides {
  /** Every Wait state pauses this many milliseconds instead of its Seconds/Timestamp. */
  readonly waitMs?: number;
  /** Every retrier pauses this many milliseconds instead of IntervalSeconds × BackoffRate^n. */
  readonly retryIntervalMs?: number;
}

export interface ExecutionEngineOptions {
  readonly region: string;
  readonly accountId: string;
  readonly store: ExecutionStore;
  readonly stateMachines: readonly StateMachineSpec[];
  readonly ports: TaskPorts;
  /** Checks a function named literally in a definition exists (start-up error otherwise). */
  readonly functionExists?: (functionNameOrArn: string) => boolean;
  readonly now: () => number;
  readonly timing?: TimingOverrides;
}

interface RunningExecution {
  /** Set when the execution's outcome is no longer this run's to record (stopped, or the cloud is stopping). */
  detached: boolean;
  abort: () => void;
  done: Promise<void>;
}

const MAX_INPUT_BYTES = 262_144;

/**
 * Runs executions of the declared state machines with aws-local-stepfunctions and records them:
 * StartExecution's name rules and idempotency, StopExecution, and each execution's outcome and
 * history, persisted as they happen. Executions still RUNNING when the local cloud stopped are
 * run again from their input when it starts (see README: the whole execution re-runs).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export class ExecutionEngine {
  readonly #options: ExecutionEngineOptions;
  readonly #machines = new Map<string, LoadedStateMachine>();
  readonly #running = new Map<string, RunningExecution>();
  #closed = false;

  constructor(options: ExecutionEngineOptions) {
    this.#options = options;
    for (const spec of options.stateMachines) {
      const where = `Stack ${spec.stackName}: AWS::StepFunctions::StateMachine ${spec.logicalId} (${spec.name})`;
      if (this.#machines.has(spec.arn)) throw new Error(`${where}: a state machine named ${spec.name} already exists`);
      const expectedArn = stateMachineArnOf(options.region, options.accountId, spec.name);
      if (spec.arn !== expectedArn) throw new Error(`${where}: ARN ${spec.arn} does not match ${expectedArn}`);
      const prepared = prepareDefinition(spec.definition, where);
      for (const reference of prepared.staticFunctions) {
        if (options.functionExists && !options.functionExists(reference.function)) {
          throw new Error(`${where}: state "${reference.state}": function ${reference.function} does not exist`);
        }
      }
      this.#machines.set(spec.arn, {
        spec,
        prepared,
        roleArn: spec.roleArn ?? `arn:aws:iam::${options.accountId}:role/${spec.name}-role`,
        creationDate: options.store.registerStateMachine(spec.arn, options.now()),
      });
    }
  }

  stateMachines(): LoadedStateMachine[] {
    return [...this.#machines.values()].sort((a, b) => a.spec.name.localeCompare(b.spec.name));
  }

  /** The state machine an ARN names: `InvalidArn` if malformed, `StateMachineDoesNotExist` if unknown. */
  stateMachine(arn: unknown): LoadedStateMachine {
    const stateMachineArn = assertStateMachineArn(arn);
    const machine = this.#machines.get(stateMachineArn);
    if (!machine) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }

  /** The execution an ARN names: `InvalidArn` if malformed (or Express), `ExecutionDoesNotExist` if unknown. */
  execution(arn: unknown): ExecutionRecord {
    const executionArn = assertExecutionArn(arn);
    const record = this.#options.store.get(executionArn);
    if (!record) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /**
   * StartExecution. For STANDARD machines the name is unique for the state machine: the same
   * name and input while the first execution runs returns that execution; a different input,
   * or any input once it has closed, is `ExecutionAlreadyExists`. EXPRESS starts are not
   * idempotent.
   */
  start(request: { stateMachineArn: unknown; name?: unknown; input?: unknown; traceHeader?: unknown }): {
    executionArn: string;
    startDate: number;
  } {
    if (this.#closed) throw new AwsError('ServiceUnavailable', 'The local cloud is stopping.', { statusCode: 503 });
    const machine = this.stateMachine(request.stateMachineArn);
    const name = request.name === undefined || request.name === null ? randomUUID() : String(request.name);
    assertExecutionName(name);
    const input = request.input === undefined || request.input === null ? '{}' : request.input;
    if (typeof input !== 'string') throw new AwsError('ValidationException', 'input must be a string.');
    if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_INPUT_BYTES}`,
      );
    }
    try {
      if (nestsDeeperThan(input)) throw new Error(`the input nests deeper than ${MAX_JSON_DEPTH} levels`);
      JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`);
    }
    const express = machine.spec.type === 'EXPRESS';
    const executionArn = executionArnOf(machine.spec.arn, name, express ? randomUUID() : undefined);
    const existing = express ? undefined : this.#options.store.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.spec.arn,
      name,
      type: machine.spec.type,
      status: 'RUNNING',
      input,
      output: undefined,
      error: undefined,
      cause: undefined,
      startDate: this.#options.now(),
      stopDate: undefined,
      traceHeader: typeof request.traceHeader === 'string' ? request.traceHeader : undefined,
    };
    this.#options.store.insert(record);
    this.#launch(record, machine);
    return { executionArn, startDate: record.startDate };
  }

  /**
   * StopExecution: a running execution becomes ABORTED with the given error and cause at once
   * (a Task already under way still finishes, as on AWS; its result is ignored). Stopping an
   * execution that has already closed changes nothing and answers its stop date.
   */
  stop(request: { executionArn: unknown; error?: unknown; cause?: unknown }): { stopDate: number } {
    const record = this.execution(request.executionArn);
    const error = optionalText(request.error, 'error', 256);
    const cause = optionalText(request.cause, 'cause', 32_768);
    if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? this.#options.now() };
    const running = this.#running.get(record.executionArn);
    if (running) running.detached = true;
    const stopDate = this.#options.now();
    this.#close(
      record.executionArn,
      { status: 'ABORTED', error, cause, stopDate },
      {
        type: 'ExecutionAborted',
        timestamp: stopDate,
        executionAbortedEventDetails: {
          ...(error === undefined ? {} : { error }),
          ...(cause === undefined ? {} : { cause }),
        },
      },
    );
    running?.abort();
    return { stopDate };
  }

  /** Runs again, from their input, the executions a previous run of the local cloud left RUNNING. */
  resumeInterrupted(): string[] {
    const resumed: string[] = [];
    for (const record of this.#options.store.listRunning()) {
      const machine = this.#machines.get(record.stateMachineArn);
      if (!machine) {
        const stopDate = this.#options.now();
        const cause = 'The local cloud restarted and the state machine is no longer declared.';
        this.#close(
          record.executionArn,
          { status: 'ABORTED', cause, stopDate },
          {
            type: 'ExecutionAborted',
            timestamp: stopDate,
            executionAbortedEventDetails: { cause },
          },
        );
        continue;
      }
      this.#options.store.clearHistory(record.executionArn);
      this.#launch(record, machine);
      resumed.push(record.executionArn);
    }
    return resumed;
  }

  /** Resolves once no execution is running (tests and the console wait on it). */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()].map((run) => run.done));
  }

  /** Stops driving executions without closing them: they stay RUNNING and resume at the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    const runs = [...this.#running.values()];
    for (const run of runs) {
      run.detached = true;
      run.abort();
    }
    await Promise.allSettled(runs.map((run) => run.done));
  }

  #launch(record: ExecutionRecord, machine: LoadedStateMachine): void {
    const { store, ports, timing, region } = this.#options;
    const observations = new Map<string, TaskObservation>();
    const translator = new HistoryTranslator({
      tasks: machine.prepared.tasks,
      observations,
      region,
      roleArn: machine.roleArn,
    });
    const handlers = createTaskHandlers(
      machine.prepared.tasks,
      ports,
      { executionArn: record.executionArn, stateMachineArn: machine.spec.arn },
      (stateName, observation) => observations.set(stateName, observation),
    );
    const execution = machine.prepared.runnable.run(JSON.parse(record.input), {
      noThrowOnAbort: true,
      overrides: {
        taskResourceLocalHandlers: handlers,
        ...(timing?.waitMs === undefined
          ? {}
          : { waitTimeOverrides: everyState(machine.prepared.waitStates, timing.waitMs) }),
        ...(timing?.retryIntervalMs === undefined
          ? {}
          : { retryIntervalOverrides: everyState(machine.prepared.retryStates, timing.retryIntervalMs) }),
      },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: machine.roleArn, RedriveCount: 0 },
        StateMachine: { Id: machine.spec.arn, Name: machine.spec.name },
      },
    });

    const running: RunningExecution = { detached: false, abort: () => execution.abort(), done: Promise.resolve() };
    let lastEventId = store.lastEventId(record.executionArn);
    const recordHistory = async (): Promise<void> => {
      for await (const event of execution.eventLogs) {
        if (running.detached) continue;
        for (const draft of translator.translate(event as unknown as EngineEvent)) {
          lastEventId++;
          store.appendEvent(record.executionArn, { ...draft, id: lastEventId, previousEventId: lastEventId - 1 });
        }
      }
    };
    const settle = async (): Promise<void> => {
      const history = recordHistory();
      const outcome = await execution.result.then(
        (output): Omit<ExecutionOutcome, 'stopDate'> => ({ status: 'SUCCEEDED', output: JSON.stringify(output) }),
        (error: unknown) => outcomeOfFailure(error),
      );
      await history;
      if (running.detached) return;
      running.detached = true;
      store.finish(record.executionArn, { ...outcome, stopDate: this.#options.now() });
    };
    this.#running.set(record.executionArn, running);
    running.done = settle()
      .catch(() => undefined)
      .finally(() => this.#running.delete(record.executionArn));
  }

  #close(
    executionArn: string,
    outcome: ExecutionOutcome,
    event: { type: string; timestamp: number } & Record<string, unknown>,
  ): void {
    const { store } = this.#options;
    if (!store.finish(executionArn, outcome)) return;
    const id = store.lastEventId(executionArn) + 1;
    store.appendEvent(executionArn, { ...event, id, previousEventId: id - 1 });
  }
}

/** The outcome of a run that did not succeed, from aws-local-stepfunctions' errors. */
function outcomeOfFailure(error: unknown): Omit<ExecutionOutcome, 'stopDate'> {
  if (error instanceof Error && error.name === 'ExecutionTimeoutError') {
    return { status: 'TIMED_OUT', error: 'States.Timeout' };
  }
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (inner instanceof Error) {
    return { status: 'FAILED', ...failureDetails(inner.name, inner.cause ?? inner.message) };
  }
  return { status: 'FAILED', error: 'States.Runtime', cause: String(inner) };
}

function everyState(names: readonly string[], milliseconds: number): Record<string, number> {
  return Object.fromEntries(names.map((name) => [name, milliseconds]));
}

function optionalText(value: unknown, field: string, maxLength: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  if (text.length > maxLength) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
  }
  return text;
}
