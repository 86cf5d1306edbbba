/**
 * The topology the local cloud runs: every function, route, bus, rule, queue, mapping and table
 * the stacks declare, with every variable and intrinsic already resolved to plain values.
 * It is built only from the serverless.yml files (see `load-topology.ts`): there is no second
 * wiring list.
 */
export interface Topology {
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  readonly stacks: readonly StackSummary[];
  readonly functions: readonly FunctionSpec[];
  readonly httpRoutes: readonly HttpRouteSpec[];
  readonly buses: readonly BusSpec[];
  readonly rules: readonly RuleSpec[];
  readonly archives: readonly ArchiveSpec[];
  readonly queues: readonly QueueSpec[];
  readonly eventSourceMappings: readonly EventSourceMappingSpec[];
  readonly tables: readonly TableSpec[];
  readonly logGroups: readonly LogGroupSpec[];
  readonly customResources: readonly CustomResourceSpec[];
  readonly stateMachines: readonly StateMachineSpec[];
  readonly pipes: readonly PipeSpec[];
  readonly asyncInvokeConfigs: readonly AsyncInvokeConfigSpec[];
}

/** How Lambda handles a function's asynchronous invocations (AWS::Lambda::EventInvokeConfig). */
export interface AsyncInvokeConfigSpec {
  readonly stackName: string;
  readonly functionName: string;
  readonly maximumRetryAttempts: number | undefined;
  readonly maximumEventAgeSeconds: number | undefined;
  /** An SQS queue ARN that gets the invocation record once every attempt failed. */
  readonly onFailureArn: string | undefined;
}

/** An `AWS::Pipes::Pipe` with its properties resolved (the pipes module validates them). */
export interface PipeSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** An `AWS::StepFunctions::StateMachine` with its definition resolved. */
export interface StateMachineSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: Readonly<Record<string, unknown>>;
  /** The evaluated `RoleArn` (reported by DescribeStateMachine; IAM is not enforced locally). */
  readonly roleArn?: string;
}

export interface StackSummary {
  /** `<service>-<stage>`, the CloudFormation stack name the framework deploys. */
  readonly stackName: string;
  readonly service: string;
  readonly directory: string;
  readonly configPath: string;
  readonly exports: Readonly<Record<string, string>>;
}

export interface FunctionSpec {
  readonly stackName: string;
  /** The serverless service the function belongs to: its isolation boundary locally. */
  readonly service: string;
  readonly key: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** `src/handlers/place-order.handler` as written in serverless.yml. */
  readonly handler: string;
  /** Absolute path of the handler's source file. */
  readonly entryPath: string;
  readonly exportName: string;
  readonly serviceDirectory: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly runtime: string;
  readonly reservedConcurrency: number | undefined;
}

export interface HttpRouteSpec {
  readonly stackName: string;
  readonly method: string;
  /** `/orders/{id}` as declared. */
  readonly path: string;
  readonly functionName: string;
}

export interface BusSpec {
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
}

export interface RuleTargetSpec {
  readonly id: string;
  readonly arn: string;
  readonly input: string | undefined;
  readonly inputPath: string | undefined;
  readonly inputTransformer:
    | { readonly InputPathsMap?: Record<string, string>; readonly InputTemplate: string }
    | undefined;
  readonly retryPolicy: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
  readonly deadLetterArn: string | undefined;
}

export interface RuleSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly eventPattern: unknown;
  readonly scheduleExpression: string | undefined;
  readonly enabled: boolean;
  readonly targets: readonly RuleTargetSpec[];
}

export interface ArchiveSpec {
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
  readonly sourceArn: string;
  readonly eventPattern: unknown;
  readonly retentionDays: number;
}

export interface QueueSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** SQS attribute names and string values, as `CreateQueue` takes them. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface EventSourceMappingSpec {
  readonly stackName: string;
  readonly functionName: string;
  readonly sourceArn: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maximumConcurrency: number | undefined;
  readonly enabled: boolean;
}

export interface TableSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface LogGroupSpec {
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
  readonly retentionInDays: number | undefined;
}

export interface CustomResourceSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly serviceToken: string;
  readonly properties: Readonly<Record<string, unknown>>;
}
