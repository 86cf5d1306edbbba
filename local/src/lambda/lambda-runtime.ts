import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nodeOptionsOf } from '@shop/topology/resource-types/lambda-function';
import type { FunctionSpec } from '@shop/topology/topology';
import { FairShareClock } from './fair-share-clock.ts';

export type InvokeResult =
  | { readonly ok: true; readonly payload: unknown; readonly requestId: string }
  | {
      readonly ok: false;
      readonly requestId: string;
      readonly errorType: string;
      readonly errorMessage: string;
      readonly trace?: readonly string[];
      /** `Unhandled` for errors the function raised; throttles never reach the function. */
      readonly functionError: 'Unhandled' | 'Throttled';
    };

export interface FunctionStats {
  readonly functionName: string;
  invocations: number;
  coldStarts: number;
  errors: number;
  throttles: number;
  timeouts: number;
  running: number;
  /**
   * Milliseconds billed, each invocation rounded up to the millisecond as Lambda bills it, on
   * the fair-share clock: what the function took with its own share of the machine.
   */
  billedMs: number;
  /** Wall-clock milliseconds of the invocations, start to end. */
  durationMs: number;
  /** Milliseconds cold starts spent loading the function's code (its init phase). */
  initMs: number;
}

/** One finished invocation, as Lambda reports it to CloudWatch (`AWS/Lambda`) and the trace. */
export interface InvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  readonly durationMs: number;
  readonly coldStart: boolean;
  /** `Unhandled` for a function error or timeout, `Throttled` when it never ran. */
  readonly outcome: 'Success' | 'Unhandled' | 'Throttled';
  readonly event: unknown;
  /** What it answered, or its error. */
  readonly result?: InvokeResult;
}

export interface LambdaRuntimeOptions {
  readonly functions: readonly FunctionSpec[];
  readonly bundles: ReadonlyMap<string, string>;
  readonly region: string;
  readonly accountId: string;
  readonly edgeUrl: string;
  /**
   * Receives every line a function writes, with the function's name and the log stream of its
   * execution environment; `platform` marks the lines Lambda itself writes around each
   * invocation (`START`, `END`, `REPORT`).
   */
  readonly onLog: (functionName: string, line: string, logStreamName: string, platform?: boolean) => void;
  /** Called when each invocation ends (or is throttled). */
  readonly onInvocation?: (record: InvocationRecord) => void;
  /**
   * Cap on simultaneous environments of a function without reserved concurrency (default 3).
   * Lambda would scale out further; on a laptop every extra environment is a cold start that
   * costs CPU the other functions need (measured: 8 → 3 doubled the benchmark's throughput).
   * Invocations above the cap wait for a free environment; they are not throttled.
   */
  readonly defaultConcurrency?: number;
  /** An idle environment is recycled after this long, as Lambda recycles idle environments. */
  readonly idleTimeoutMs?: number;
  /** The cores the machine gives the functions (default: what Node reports as available). */
  readonly cores?: number;
  /** Where environments keep V8's compile cache (Node's `module.enableCompileCache`); none when unset. */
  readonly compileCacheDir?: string;
}

interface Environment {
  readonly worker: Worker;
  busy: boolean;
  readonly logStreamName: string;
  /** Whether it has served an invocation: its first one is the cold start. */
  used: boolean;
  /** Whether its init duration has been counted (the worker reports it with each result). */
  initCounted?: boolean;
  lastUsed: number;
  pending?: { requestId: string; resolve: (result: InvokeResult) => void; timer: NodeJS.Timeout; mark: number };
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/**
 * Runs functions the way Lambda does: each execution environment is a worker thread with the
 * function's bundle, its declared environment and a Lambda-shaped context; one invocation at a
 * time per environment; a new environment is a cold start, a reused one a warm start; an
 * invocation that outlives the function's timeout is stopped and its environment discarded. The
 * timeout is measured on a {@link FairShareClock}: the time the invocation has had its share of
 * the machine, so contention between functions on a laptop is not mistaken for a slow function.
 * Reserved concurrency caps simultaneous environments: an invocation above it is throttled
 * (`TooManyRequestsException`), as on AWS.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export class LambdaRuntime {
  readonly #functions: Map<string, FunctionSpec>;
  readonly #environments = new Map<string, Environment[]>();
  readonly #waiting = new Map<string, Array<() => void>>();
  readonly #stats = new Map<string, FunctionStats>();
  readonly #options: LambdaRuntimeOptions;
  readonly #reaper: NodeJS.Timeout;
  readonly #clock: FairShareClock;
  #closed = false;

  constructor(options: LambdaRuntimeOptions) {
    this.#options = options;
    this.#clock = new FairShareClock(options.cores ?? availableParallelism());
    this.#functions = new Map(options.functions.map((fn) => [fn.name, fn]));
    for (const fn of options.functions) {
      this.#environments.set(fn.name, []);
      this.#stats.set(fn.name, {
        functionName: fn.name,
        invocations: 0,
        coldStarts: 0,
        errors: 0,
        throttles: 0,
        timeouts: 0,
        running: 0,
        billedMs: 0,
        durationMs: 0,
        initMs: 0,
      });
    }
    const idleTimeout = options.idleTimeoutMs ?? 10 * 60_000;
    this.#reaper = setInterval(() => this.#recycleIdle(idleTimeout), Math.min(idleTimeout, 60_000)).unref();
  }

  /** Accepts a function name, a function ARN, or a qualified ARN/name (`:$LATEST`). */
  /** How many invocations of the function run at once at most: its environments' cap. */
  concurrencyOf(nameOrArn: string): number {
    const fn = this.resolveFunction(nameOrArn);
    return fn ? this.#environmentCap(fn) : (this.#options.defaultConcurrency ?? 3);
  }

  /** The local cap on a function's environments, never above its reserved concurrency. */
  #environmentCap(fn: FunctionSpec): number {
    return Math.min(fn.reservedConcurrency ?? Number.POSITIVE_INFINITY, this.#options.defaultConcurrency ?? 3);
  }

  resolveFunction(nameOrArn: string): FunctionSpec | undefined {
    const withoutQualifier = nameOrArn.replace(/:(\$LATEST|\d+)$/, '');
    const name = withoutQualifier.startsWith('arn:') ? (withoutQualifier.split(':')[6] ?? '') : withoutQualifier;
    return this.#functions.get(name);
  }

  stats(): FunctionStats[] {
    return [...this.#stats.values()].map((stat) => ({ ...stat }));
  }

  /** A synchronous (RequestResponse) invocation. */
  async invoke(functionName: string, event: unknown): Promise<InvokeResult> {
    const fn = this.resolveFunction(functionName);
    if (!fn) throw new Error(`Function not found: ${functionName}`);
    const stats = this.#stats.get(fn.name) as FunctionStats;
    const requestId = randomUUID();
    const environment = await this.#acquire(fn);
    if (!environment) {
      stats.throttles++;
      this.#options.onInvocation?.({
        functionName: fn.name,
        requestId,
        durationMs: 0,
        coldStart: false,
        outcome: 'Throttled',
        event,
      });
      return {
        ok: false,
        requestId,
        errorType: 'TooManyRequestsException',
        errorMessage: 'Rate Exceeded.',
        functionError: 'Throttled',
      };
    }
    stats.invocations++;
    stats.running++;
    const coldStart = !environment.used;
    environment.used = true;
    const started = performance.now();
    const platformLog = (line: string) => this.#options.onLog(fn.name, line, environment.logStreamName, true);
    platformLog(`START RequestId: ${requestId} Version: $LATEST`);
    try {
      const result = await this.#run(fn, environment, requestId, event);
      const durationMs = performance.now() - started;
      // What the Node.js runtime writes for an error the handler let out (a timeout has its own line).
      if (!result.ok && result.errorType !== 'Sandbox.Timedout' && result.errorType !== 'Runtime.Stopping') {
        const { errorType, errorMessage, trace = [] } = result;
        this.#options.onLog(
          fn.name,
          `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType, errorMessage, stack: trace })}`,
          environment.logStreamName,
        );
      }
      stats.durationMs += durationMs;
      // Lambda's own lines around an invocation, as in every function's log stream.
      platformLog(`END RequestId: ${requestId}`);
      platformLog(
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${fn.memorySizeMb} MB${coldStart ? '\tCold start' : ''}${result.ok ? '' : '\tStatus: error'}`,
      );
      this.#options.onInvocation?.({
        functionName: fn.name,
        requestId,
        durationMs,
        coldStart,
        outcome: result.ok ? 'Success' : 'Unhandled',
        event,
        result,
      });
      return result;
    } finally {
      stats.running--;
      this.#release(fn, environment);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#reaper);
    const all = [...this.#environments.values()].flat();
    this.#environments.clear();
    // An invocation under way ends now: its timeout must not fire into stopped services.
    for (const environment of all) {
      const pending = environment.pending;
      if (!pending) continue;
      clearTimeout(pending.timer);
      environment.pending = undefined;
      this.#clock.end();
      pending.resolve({
        ok: false,
        requestId: pending.requestId,
        errorType: 'Runtime.Stopping',
        errorMessage: 'The local cloud is stopping',
        functionError: 'Unhandled',
      });
    }
    await Promise.all(all.map((environment) => environment.worker.terminate()));
  }

  async #acquire(fn: FunctionSpec): Promise<Environment | undefined> {
    const environments = this.#environments.get(fn.name) ?? [];
    for (;;) {
      if (this.#closed) throw new Error('The local cloud is stopping');
      const idle = environments.find((environment) => !environment.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (fn.reservedConcurrency !== undefined && environments.length >= fn.reservedConcurrency) return undefined;
      if (environments.length < this.#environmentCap(fn)) {
        const environment = this.#start(fn);
        environment.busy = true;
        environments.push(environment);
        return environment;
      }
      await new Promise<void>((resolve) => {
        const queue = this.#waiting.get(fn.name) ?? [];
        queue.push(resolve);
        this.#waiting.set(fn.name, queue);
      });
    }
  }

  #release(fn: FunctionSpec, environment: Environment): void {
    environment.busy = false;
    environment.lastUsed = Date.now();
    this.#waiting.get(fn.name)?.shift()?.();
  }

  #start(fn: FunctionSpec): Environment {
    const stats = this.#stats.get(fn.name) as FunctionStats;
    stats.coldStarts++;
    const logGroupName = `/aws/lambda/${fn.name}`;
    const logStreamName = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomUUID().replace(/-/g, '')}`;
    const worker = new Worker(WORKER_ENTRY, {
      workerData: {
        bundlePath: this.#options.bundles.get(fn.name),
        exportName: fn.exportName,
        functionName: fn.name,
        memorySizeMb: fn.memorySizeMb,
        logGroupName,
        logStreamName,
        compileCacheDir: this.#options.compileCacheDir,
      },
      env: this.#environmentVariables(fn, logGroupName, logStreamName),
      // The function's NODE_OPTIONS, as Lambda's Node applies them (the topology admits only the
      // flags a worker honours): source maps cost a cold start their parse, here as on AWS.
      execArgv: nodeOptionsOf(fn.environment),
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, fn.memorySizeMb) },
    });
    worker.unref();
    for (const stream of [worker.stdout, worker.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') this.#options.onLog(fn.name, line, logStreamName);
      });
    }
    const environment: Environment = { worker, busy: false, logStreamName, used: false, lastUsed: Date.now() };
    worker.on('message', (message: WorkerMessage) => {
      const pending = environment.pending;
      if (message.type === 'crash') {
        this.#options.onLog(fn.name, `${message.error.errorType}: ${message.error.errorMessage}`, logStreamName);
        if (pending) this.#settle(fn, environment, errorResult(pending.requestId, message.error));
        return;
      }
      if (message.type === 'result' && !environment.initCounted) {
        environment.initCounted = true;
        (this.#stats.get(fn.name) as FunctionStats).initMs += message.initDurationMs ?? 0;
      }
      if (message.type === 'result' && pending && message.requestId === pending.requestId) {
        this.#settle(
          fn,
          environment,
          message.ok
            ? { ok: true, requestId: pending.requestId, payload: message.value }
            : errorResult(pending.requestId, message.error),
        );
      }
    });
    worker.on('error', (error) => {
      this.#options.onLog(fn.name, `Runtime.ExitError: ${error.message}`, logStreamName);
      const pending = environment.pending;
      this.#discard(fn, environment);
      if (pending)
        this.#settle(
          fn,
          environment,
          errorResult(pending.requestId, { errorType: 'Runtime.ExitError', errorMessage: error.message }),
        );
    });
    worker.on('exit', () => this.#discard(fn, environment));
    return environment;
  }

  #run(fn: FunctionSpec, environment: Environment, requestId: string, event: unknown): Promise<InvokeResult> {
    return new Promise<InvokeResult>((resolve) => {
      const timeoutMs = fn.timeoutSeconds * 1000;
      const mark = this.#clock.start();
      // The clock runs at most as fast as the wall clock: check again when the rest could be up.
      const watch = (): NodeJS.Timeout =>
        setTimeout(() => {
          if (this.#closed || environment.pending?.requestId !== requestId) return;
          const elapsed = this.#clock.elapsedSince(mark);
          if (elapsed < timeoutMs - 1) {
            environment.pending.timer = watch();
            return;
          }
          this.#timeOut(fn, environment, requestId);
        }, timeoutMs - this.#clock.elapsedSince(mark));
      environment.pending = { requestId, resolve, timer: watch(), mark };
      environment.worker.postMessage({
        type: 'invoke',
        requestId,
        event,
        deadline: Date.now() + timeoutMs,
        invokedFunctionArn: fn.arn,
      });
    });
  }

  #timeOut(fn: FunctionSpec, environment: Environment, requestId: string): void {
    const stats = this.#stats.get(fn.name) as FunctionStats;
    stats.timeouts++;
    const seconds = fn.timeoutSeconds.toFixed(2);
    const message = `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`;
    this.#options.onLog(fn.name, message, environment.logStreamName);
    this.#discard(fn, environment);
    void environment.worker.terminate();
    this.#settle(fn, environment, {
      ok: false,
      requestId,
      errorType: 'Sandbox.Timedout',
      errorMessage: message,
      functionError: 'Unhandled',
    });
  }

  #settle(fn: FunctionSpec, environment: Environment, result: InvokeResult): void {
    const pending = environment.pending;
    if (!pending) return;
    environment.pending = undefined;
    clearTimeout(pending.timer);
    const stats = this.#stats.get(fn.name) as FunctionStats;
    stats.billedMs += Math.ceil(this.#clock.elapsedSince(pending.mark));
    this.#clock.end();
    if (!result.ok) stats.errors++;
    pending.resolve(result);
  }

  #discard(fn: FunctionSpec, environment: Environment): void {
    const environments = this.#environments.get(fn.name);
    const index = environments?.indexOf(environment) ?? -1;
    if (environments && index >= 0) {
      environments.splice(index, 1);
      this.#waiting.get(fn.name)?.shift()?.();
    }
  }

  #recycleIdle(idleTimeoutMs: number): void {
    const now = Date.now();
    for (const [name, environments] of this.#environments) {
      for (const environment of [...environments]) {
        if (!environment.busy && now - environment.lastUsed > idleTimeoutMs) {
          const fn = this.#functions.get(name);
          if (fn) this.#discard(fn, environment);
          void environment.worker.terminate();
        }
      }
    }
  }

  #environmentVariables(fn: FunctionSpec, logGroupName: string, logStreamName: string): Record<string, string> {
    const { region, edgeUrl } = this.#options;
    // The variables Lambda defines for every function, then the function's own configuration.
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: fn.serviceDirectory,
      _HANDLER: fn.handler,
      // The local cloud's edge plays the role of AWS's endpoints; credentials are placeholders
      // the edge accepts (it does not enforce IAM).
      AWS_ENDPOINT_URL: edgeUrl,
      AWS_ACCESS_KEY_ID: 'ASIALOCALCLOUD000000',
      AWS_SECRET_ACCESS_KEY: 'local-cloud-secret',
      AWS_SESSION_TOKEN: 'local-cloud-session',
      ...fn.environment,
    };
  }
}

type WorkerMessage =
  | { type: 'result'; requestId: string; ok: true; value: unknown; initDurationMs?: number }
  | { type: 'result'; requestId: string; ok: false; error: SerializedError; initDurationMs?: number }
  | { type: 'crash'; error: SerializedError };

interface SerializedError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

function errorResult(requestId: string, error: SerializedError): InvokeResult {
  return {
    ok: false,
    requestId,
    errorType: error.errorType,
    errorMessage: error.errorMessage,
    trace: error.trace,
    functionError: 'Unhandled',
  };
}
