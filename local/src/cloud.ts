import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CLOUD_DEFAULT_PORTS } from '@shop/shared/operator-client';
import { loadTopology } from '@shop/topology/load-topology';
import type { Topology } from '@shop/topology/topology';
import { CustomResources } from './cloudformation/custom-resources.ts';
import type { CloudWatchService } from './cloudwatch/index.ts';
import type { UserPools } from './cognito/index.ts';
import type { ConsoleExtensions } from './console/console.ts';
import { EdgeServer } from './edge/edge-server.ts';
import type { EventBus } from './eventbridge/event-bus.ts';
import type { Scheduler } from './eventbridge/scheduler.ts';
import type { LambdaRuntime } from './lambda/lambda-runtime.ts';
import type { SqsEventSource } from './lambda/sqs-event-source.ts';
import type { LogsService } from './logs/index.ts';
import type { LogStore } from './observability/log-store.ts';
import type { Trace } from './observability/trace.ts';
import type { PipesService } from './pipes/index.ts';
import type { SesService } from './ses/index.ts';
import type { SqsService } from './sqs/index.ts';
import type { StepFunctionsService, TimingOverrides } from './stepfunctions/index.ts';
import { checkTargets } from './wiring/checks.ts';
import { wireCloudWatch } from './wiring/cloudwatch.ts';
import { wireConsole } from './wiring/console.ts';
import type { CloudContext } from './wiring/context.ts';
import { wireDynamoDb } from './wiring/dynamodb.ts';
import { startEventSources } from './wiring/event-sources.ts';
import { wireEventBridge } from './wiring/eventbridge.ts';
import { wireHttpApi } from './wiring/http-api.ts';
import { wireLambda } from './wiring/lambda.ts';
import { wireObservability } from './wiring/observability.ts';
import { wirePipes } from './wiring/pipes.ts';
import { wireSqs } from './wiring/sqs.ts';
import { wireStepFunctions } from './wiring/stepfunctions.ts';
import { wireS3, wireSes } from './wiring/storage-and-mail.ts';

export interface LocalCloudOptions {
  /** The repository root holding the stacks. */
  readonly rootDir: string;
  /** Where state lives (tables, queues, logs). Default `<rootDir>/.local-cloud`. */
  readonly dataDir?: string;
  /** Start from empty state. */
  readonly reset?: boolean;
  /** The AWS edge endpoint's port (default `LOCAL_CLOUD_DEFAULT_PORTS.edge`; 0 picks a free one). */
  readonly edgePort?: number;
  /** The HTTP API's port (default `LOCAL_CLOUD_DEFAULT_PORTS.httpApi`; 0 picks a free one). */
  readonly httpPort?: number;
  readonly stage?: string;
  readonly accountId?: string;
  /** Every function log line, as it happens (the CLI prints them). */
  readonly onLog?: (origin: string, line: string) => void;
  /** Values for `${env:...}` variables in the stacks (default: this process's environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Shorter Step Functions waits and retry intervals (tests); AWS's real timing by default. */
  readonly stepFunctionsTiming?: TimingOverrides;
  /** Lambda's async retry delays (AWS: about 1 and 2 minutes). */
  readonly asyncRetryDelaysMs?: readonly number[];
  /**
   * How many times faster than AWS CloudWatch alarm periods and the SQS metrics run (default 1:
   * AWS's timing). The start-up report says so when it is not 1.
   */
  readonly cloudWatchTimeScale?: number;
  /** What the application adds to the web console (its catalog, its switches). */
  readonly console?: ConsoleExtensions;
}

export interface LocalCloud {
  readonly topology: Topology;
  readonly edgeUrl: string;
  readonly httpApiUrl: string;
  /** The web console's URL. */
  readonly consoleUrl: string;
  readonly dataDir: string;
  readonly runtime: LambdaRuntime;
  readonly bus: EventBus;
  readonly sqs: SqsService;
  readonly scheduler: Scheduler;
  readonly stepFunctions: StepFunctionsService;
  readonly pipes: PipesService;
  /** The mailbox behind the SES emulation. */
  readonly ses: SesService;
  /** The Cognito user pools behind the HTTP API's JWT authorizers. */
  readonly userPools: UserPools;
  readonly logs: LogStore;
  /** Every hop of every order, by correlation id and order id, kept across restarts. */
  readonly trace: Trace;
  /** Metrics, alarms and dashboards. */
  readonly cloudWatch: CloudWatchService;
  /** Log groups, streams and events (`/aws/lambda/<function>`, the stacks' groups). */
  readonly cloudWatchLogs: LogsService;
  readonly eventSources: readonly SqsEventSource<{ receiptHandle: string }>[];
  /** AWS API requests the edge served, by service and operation. */
  requestCounts(): Record<string, number>;
  /** Milliseconds the edge's emulated services took to answer, summed over requests. */
  serviceMilliseconds(): number;
  /** DynamoDB capacity units consumed since start, as on-demand mode bills them. */
  consumedCapacity(): { readonly readUnits: number; readonly writeUnits: number };
  /** Custom resources created or updated at this start (deploy-time steps). */
  readonly deployed: ReadonlyArray<{ stack: string; logicalId: string; action: string }>;
  stop(): Promise<void>;
}

/**
 * Starts the whole shop on this machine from its serverless.yml files: the edge that speaks
 * the AWS protocols, DynamoDB (dynalite), SQS, EventBridge with its rules and schedules, the
 * Lambda runtime with its event source mappings, the HTTP API, and the deploy-time custom
 * resources. Nothing here knows about the shop's services: all of it comes from the topology,
 * and each service wires itself from it (`wiring/`). A service comes after those it sends to.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = options.dataDir ?? join(options.rootDir, '.local-cloud');
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const cleanups: Array<() => Promise<void> | void> = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const edge = new EdgeServer();
    const edgePort = await edge.listen(options.edgePort ?? LOCAL_CLOUD_DEFAULT_PORTS.edge);
    cleanups.push(() => edge.close());
    const edgeUrl = `http://127.0.0.1:${edgePort}`;
    const topology = loadTopology({
      rootDir: options.rootDir,
      stage: options.stage,
      accountId: options.accountId,
      edgeUrl,
      env: options.env,
    });
    const { region, accountId } = topology;
    const context: CloudContext = {
      options,
      topology,
      region,
      accountId,
      dataDir,
      edge,
      edgeUrl,
      onStop: (cleanup) => cleanups.push(cleanup),
      stopping: () => stopping,
    };

    const observe = wireObservability(context);
    const dynamodb = await wireDynamoDb(context);
    const sqs = wireSqs(context, observe);
    const s3 = wireS3(context, observe);
    const ses = wireSes(context, observe);
    const cloudWatch = wireCloudWatch(context);
    const lambda = await wireLambda(context, { observe, cloudWatch, sqs });
    let stepFunctions: StepFunctionsService | undefined;
    const { bus, scheduler } = wireEventBridge(context, {
      observe,
      sqs,
      lambda,
      cloudWatch,
      stepFunctions: () => stepFunctions,
    });
    const sfn = wireStepFunctions(context, { observe, lambda, bus, cloudWatch });
    stepFunctions = sfn;
    checkTargets(context, { runtime: lambda.runtime, sqs, observe, stepFunctions: sfn });
    const pipes = wirePipes(context, { observe, sqs, lambda, cloudWatch });
    const customResources = new CustomResources({ dataDir, runtime: lambda.runtime, edgeUrl, region, accountId });
    edge.register(customResources.responseEndpoint());
    cloudWatch.deploy(lambda.runtime, sqs);

    // Deploy-time steps, then everything that moves on its own: event sources, pipes, schedules.
    const deployed = (await customResources.deploy(topology.customResources)).map(({ resource, action }) => ({
      stack: resource.stackName,
      logicalId: resource.logicalId,
      action,
    }));
    pipes.start();
    cleanups.push(() => pipes.stop());
    const eventSources = await startEventSources(context, { sqs, lambda });
    scheduler.start();
    cleanups.push(() => scheduler.stop());

    const httpApi = await wireHttpApi(context, { observe, lambda, ses, cloudWatch });
    wireConsole(context, {
      observe,
      httpApi,
      runtime: lambda.runtime,
      sqs,
      cloudWatch: cloudWatch.service,
      ses,
      s3,
      bus,
      scheduler,
      pipes,
      eventSources,
    });

    return {
      topology,
      edgeUrl,
      httpApiUrl: httpApi.url,
      consoleUrl: `${edgeUrl}/console/`,
      dataDir,
      runtime: lambda.runtime,
      bus,
      sqs,
      scheduler,
      stepFunctions: sfn,
      pipes,
      ses,
      userPools: httpApi.cognito.pools,
      logs: observe.logs,
      trace: observe.trace,
      cloudWatch: cloudWatch.service,
      cloudWatchLogs: observe.cloudWatchLogs,
      eventSources,
      deployed,
      requestCounts: () => edge.requestCounts(),
      consumedCapacity: () => dynamodb.consumedCapacity(),
      serviceMilliseconds: () => edge.serviceMilliseconds(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
