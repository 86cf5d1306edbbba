/**
 * The local cloud's EventBridge Pipes: every `AWS::Pipes::Pipe` of the stacks, with an SQS queue
 * as source, an optional Lambda enrichment and a Lambda target. See `README.md` for the
 * behaviour followed and what is left out.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes.html
 */

import type { InvokeResult } from '../lambda/lambda-runtime.ts';
import {
  PipeConfigurationError,
  type PipeDefinition,
  type PipeSpec,
  parsePipeDefinition,
  regionAndAccountOf,
} from './pipe-spec.ts';
import { type PipeDependencies, type PipeSourceQueue, type PipeStats, SqsPipe } from './sqs-pipe.ts';

export { failedMessageIds } from '../lambda/sqs-batch.ts';
export { compileFilterCriteria, type FilterCriteria } from './filter-criteria.ts';
export { type PipeTemplateContext, renderInputTemplate, validateInputTemplate } from './input-template.ts';
export {
  PipeConfigurationError,
  type PipeDefinition,
  type PipeInvocationType,
  type PipeSpec,
  parsePipeDefinition,
} from './pipe-spec.ts';
export type { PipeExecutionOutcome, PipeSourceQueue, PipeStats } from './sqs-pipe.ts';

export interface PipesServiceOptions {
  readonly pipes: readonly PipeDefinition[];
  /** The local SQS (`SqsService`): receive and delete, and the queue list to check sources exist. */
  readonly sqs: PipeSourceQueue & { listQueueArns(): string[] };
  /** A synchronous Lambda invocation (`LambdaRuntime.invoke`). */
  readonly invokeFunction: (nameOrArn: string, payload: unknown) => Promise<InvokeResult>;
  /** An asynchronous Lambda invocation (`AsyncInvoker.invokeAsync`), for `FIRE_AND_FORGET` targets. */
  readonly invokeFunctionAsync?: (nameOrArn: string, payload: unknown) => void | Promise<void>;
  /** Whether a function exists (`LambdaRuntime.resolveFunction`); checks enrichments and targets at start-up. */
  readonly functionExists?: (nameOrArn: string) => boolean;
  readonly region: string;
  readonly accountId: string;
  /** Concurrent pollers per pipe (AWS starts with five batches at once). */
  readonly pollersPerPipe?: number;
  /** Failed executions, one line each, with the pipe's name. */
  readonly onLog?: (pipeName: string, line: string) => void;
  /** Each execution's outcome and duration. */
  readonly onExecution?: PipeDependencies['onExecution'];
}

export interface PipeStatus extends PipeStats {
  readonly name: string;
  readonly arn: string;
  readonly stackName: string;
  readonly source: string;
  readonly enrichment: string | undefined;
  readonly target: string;
  readonly state: 'RUNNING' | 'STOPPED';
}

export interface PipesService {
  readonly pipes: readonly PipeSpec[];
  /** Starts polling for every `RUNNING` pipe. */
  start(): void;
  /** Stops the pollers and waits for executions under way to finish. */
  stop(): Promise<void>;
  /** Counters per pipe, for the console and `/__local/stats`. */
  stats(): PipeStatus[];
}

/**
 * Builds the pipes from their declarations and checks them as CloudFormation would before any
 * polling starts: properties (see `pipe-spec.ts`), one region and account, a source queue that
 * exists, functions that exist, unique names. Throws `PipeConfigurationError` naming the pipe.
 */
export function createPipesService(options: PipesServiceOptions): PipesService {
  const queues = new Set(options.sqs.listQueueArns());
  const names = new Set<string>();
  const pipes = options.pipes.map((definition) => {
    const spec = parsePipeDefinition(definition);
    const where = `Stack ${spec.stackName}: AWS::Pipes::Pipe ${spec.logicalId} (${spec.name})`;
    if (names.has(spec.name)) throw new PipeConfigurationError(`${where}: another pipe is named ${spec.name}`);
    names.add(spec.name);
    const functions = [
      ['Enrichment', spec.enrichment?.arn],
      ['Target', spec.target.arn],
    ] as const;
    for (const [property, arn] of [['Source', spec.sourceArn] as const, ...functions]) {
      if (arn === undefined) continue;
      const { region, accountId } = regionAndAccountOf(arn);
      if (region !== options.region || accountId !== options.accountId) {
        throw new PipeConfigurationError(
          `${where}: ${property} ${arn} is not in the local cloud's region and account (${options.region}, ${options.accountId})`,
        );
      }
    }
    if (!queues.has(spec.sourceArn)) {
      throw new PipeConfigurationError(`${where}: source queue ${spec.sourceArn} does not exist`);
    }
    for (const [property, arn] of functions) {
      if (arn !== undefined && options.functionExists && !options.functionExists(arn)) {
        throw new PipeConfigurationError(`${where}: ${property} function ${arn} does not exist`);
      }
    }
    if (spec.target.invocationType === 'FIRE_AND_FORGET' && !options.invokeFunctionAsync) {
      throw new PipeConfigurationError(
        `${where}: a FIRE_AND_FORGET target needs asynchronous invocation (invokeFunctionAsync)`,
      );
    }
    return new SqsPipe(spec, {
      sqs: options.sqs,
      invokeFunction: options.invokeFunction,
      invokeFunctionAsync: options.invokeFunctionAsync,
      region: options.region,
      onLog: options.onLog,
      onExecution: options.onExecution,
    });
  });
  let started = false;
  return {
    pipes: pipes.map((pipe) => pipe.spec),
    start() {
      if (started) return;
      started = true;
      for (const pipe of pipes) pipe.start(options.pollersPerPipe ?? 5);
    },
    async stop() {
      await Promise.all(pipes.map((pipe) => pipe.stop()));
    },
    stats: () =>
      pipes.map((pipe) => ({
        name: pipe.spec.name,
        arn: pipe.spec.arn,
        stackName: pipe.spec.stackName,
        source: pipe.spec.sourceArn,
        enrichment: pipe.spec.enrichment?.arn,
        target: pipe.spec.target.arn,
        state: pipe.spec.desiredState,
        ...pipe.stats,
      })),
  };
}
