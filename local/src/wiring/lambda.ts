import { join } from 'node:path';
import { AsyncInvoker } from '../lambda/async-invoker.ts';
import { bundleFunctions, removeStaleBundles } from '../lambda/bundler.ts';
import { failedInvocationRecord } from '../lambda/invocation-record.ts';
import { lambdaEdgeService } from '../lambda/lambda-api.ts';
import { LambdaRuntime } from '../lambda/lambda-runtime.ts';
import type { SqsService } from '../sqs/index.ts';
import type { WiredCloudWatch } from './cloudwatch.ts';
import type { CloudContext, Observability } from './context.ts';

export interface WiredLambda {
  readonly runtime: LambdaRuntime;
  readonly asyncInvoker: AsyncInvoker;
}

/**
 * Every function of the stacks, bundled by esbuild as the framework packages it (bundles are
 * reused while their inputs are unchanged), run in worker environments; their logs go to their
 * log groups, the trace and the metrics. Asynchronous invocation follows each function's
 * `AWS::Lambda::EventInvokeConfig` (retries, on-failure destination).
 */
export async function wireLambda(
  context: CloudContext,
  deps: { observe: Observability; cloudWatch: WiredCloudWatch; sqs: SqsService },
): Promise<WiredLambda> {
  const { topology, options, region, accountId, edgeUrl } = context;
  const { observe, sqs } = deps;
  const { awsMetrics } = deps.cloudWatch.service;
  const buildRoot = join(options.rootDir, '.local-cloud', 'build');
  const bundles = await bundleFunctions(topology.functions, buildRoot);
  context.onStop(() => removeStaleBundles(buildRoot));
  const runtime = new LambdaRuntime({
    functions: topology.functions,
    bundles,
    compileCacheDir: join(options.rootDir, '.local-cloud', 'compile-cache'),
    region,
    accountId,
    edgeUrl,
    onLog: (functionName, line, logStreamName, platform) => {
      observe.cloudWatchLogs.append(`/aws/lambda/${functionName}`, logStreamName, [line]);
      if (platform) return;
      observe.logs.append(`lambda:${functionName}`, line);
      deps.cloudWatch.service.ingestLogLine(line);
      observe.recordHop(observe.hops.log(functionName, line));
      options.onLog?.(functionName, line);
    },
    onInvocation: (record) => {
      awsMetrics.lambdaInvocation(record);
      observe.recordHop(observe.hops.invocation(record));
    },
  });
  context.onStop(() => runtime.close());

  const asyncConfigs = new Map(topology.asyncInvokeConfigs.map((config) => [config.functionName, config]));
  const asyncInvoker = new AsyncInvoker(runtime, options.asyncRetryDelaysMs, (functionName) => {
    const fn = runtime.resolveFunction(functionName);
    const config = asyncConfigs.get(fn?.name ?? functionName);
    return {
      maximumRetryAttempts: config?.maximumRetryAttempts,
      onFailure: (event, error, attempts) => {
        if (!config?.onFailureArn || !fn) return;
        const record = failedInvocationRecord({ functionArn: fn.arn, event, error, attempts });
        sqs.sendMessage(config.onFailureArn, { body: JSON.stringify(record) });
      },
    };
  });
  context.onStop(() => asyncInvoker.close());
  context.edge.register(lambdaEdgeService(runtime, asyncInvoker));
  return { runtime, asyncInvoker };
}
