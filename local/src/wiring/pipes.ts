import { createPipesService, type PipesService } from '../pipes/index.ts';
import type { SqsService } from '../sqs/index.ts';
import type { WiredCloudWatch } from './cloudwatch.ts';
import type { CloudContext, Observability } from './context.ts';
import type { WiredLambda } from './lambda.ts';

/**
 * Every EventBridge Pipe of the stacks: an SQS source, a Lambda enrichment and target; each
 * execution is measured and traced, and logged in the pipe's LogConfiguration group, if any.
 * The pipes poll once `start()` is called.
 */
export function wirePipes(
  context: CloudContext,
  deps: { observe: Observability; sqs: SqsService; lambda: WiredLambda; cloudWatch: WiredCloudWatch },
): PipesService {
  const { topology, region, accountId } = context;
  const { observe, sqs } = deps;
  const { runtime, asyncInvoker } = deps.lambda;
  const logGroups = new Map(
    topology.pipes.flatMap((pipe) => {
      const destination = (
        pipe.properties.LogConfiguration as { CloudwatchLogsLogDestination?: { LogGroupArn?: unknown } }
      )?.CloudwatchLogsLogDestination?.LogGroupArn;
      const group = typeof destination === 'string' ? observe.logGroupName(destination) : undefined;
      return group ? [[pipe.name, group] as const] : [];
    }),
  );
  return createPipesService({
    pipes: topology.pipes,
    sqs,
    region,
    accountId,
    invokeFunction: (functionArn, payload) => runtime.invoke(functionArn, payload),
    invokeFunctionAsync: (functionArn, payload) => asyncInvoker.invokeAsync(functionArn, payload),
    functionExists: (functionArn) => runtime.resolveFunction(functionArn) !== undefined,
    onLog: (pipeName, line) => {
      observe.logs.append(`pipes:${pipeName}`, line);
      // The pipe's LogConfiguration group, if it has one: failed executions, one line each.
      const group = logGroups.get(pipeName);
      if (group) observe.cloudWatchLogs.append(group, pipeName, [line]);
    },
    onExecution: (pipeName, outcome, durationMs, messages) => {
      deps.cloudWatch.service.awsMetrics.pipeExecution(pipeName, outcome, durationMs);
      observe.recordHop(observe.hops.pipe(pipeName, outcome, durationMs, messages));
    },
  });
}
