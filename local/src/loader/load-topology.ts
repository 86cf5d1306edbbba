import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PIPE_RESOURCE_TYPE, type PipeDefinition } from '../pipes/index.ts';
import { parseCloudFormationYaml } from './cfn-yaml.ts';
import { evaluateIntrinsics } from './intrinsics.ts';
import {
  RESOURCE_TYPES as CORE_RESOURCE_TYPES,
  isCustomResourceType,
  type ResourceNaming,
  type ResourceType,
} from './resource-types.ts';
import { compileFunctions } from './serverless-functions.ts';
import { compileStepFunctions, readStateMachineDefinition, STATE_MACHINE_RESOURCE_TYPE } from './step-functions.ts';
import type {
  ArchiveSpec,
  AsyncInvokeConfigSpec,
  BusSpec,
  CustomResourceSpec,
  EventSourceMappingSpec,
  FunctionSpec,
  HttpRouteSpec,
  LogGroupSpec,
  QueueSpec,
  RuleSpec,
  RuleTargetSpec,
  StackSummary,
  StateMachineSpec,
  TableSpec,
  Topology,
} from './topology.ts';
import { resolveVariables } from './variables.ts';

export interface LoadOptions {
  /** The repository root: `serverless.yml` there is the platform stack, `services/*` the services. */
  readonly rootDir: string;
  readonly stage?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** The edge's base URL: queue URLs point at it, as AWS's point at SQS. */
  readonly edgeUrl: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Every resource type the local cloud runs: the core ones and those of the optional emulators. */
const RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
  ...CORE_RESOURCE_TYPES,
  'AWS::StepFunctions::StateMachine': STATE_MACHINE_RESOURCE_TYPE,
  'AWS::Pipes::Pipe': PIPE_RESOURCE_TYPE,
};

const TOP_LEVEL_KEYS = new Set([
  'stepFunctions',
  'service',
  'frameworkVersion',
  'plugins',
  'custom',
  'provider',
  'functions',
  'resources',
  'package',
]);
const PROVIDER_KEYS = new Set([
  'name',
  'runtime',
  'architecture',
  'region',
  'stage',
  'memorySize',
  'timeout',
  'logRetentionInDays',
  'environment',
  'httpApi',
  'tags',
  'stackTags',
  'deploymentBucket',
  'iam',
  'eventBridge',
]);

class MissingExportError extends Error {
  constructor(readonly exportName: string) {
    super(`export ${exportName} not found`);
  }
}

/** Every stack of the repository: the platform first, then each service folder with a serverless.yml. */
export function findStackFiles(rootDir: string): string[] {
  const services = join(rootDir, 'services');
  const serviceFiles = existsSync(services)
    ? readdirSync(services)
        .sort()
        .map((name) => join(services, name, 'serverless.yml'))
        .filter((file) => existsSync(file))
    : [];
  return [join(rootDir, 'serverless.yml'), ...serviceFiles];
}

/**
 * Reads the root and every service's serverless.yml for one stage and builds the topology the
 * local cloud runs, resolving variables and intrinsics (including `Fn::ImportValue` across
 * stacks, which also orders the stacks as CloudFormation's deploy order would).
 */
export function loadTopology(options: LoadOptions): Topology {
  const stage = options.stage ?? 'local';
  const accountId = options.accountId ?? '000000000000';
  const exportsByName = new Map<string, string>();
  const pending = findStackFiles(options.rootDir);
  const loaded: LoadedStack[] = [];
  while (pending.length > 0) {
    const missing: string[] = [];
    const before = pending.length;
    for (const file of [...pending]) {
      try {
        const stack = loadStack(file, { ...options, stage, accountId }, exportsByName);
        loaded.push(stack);
        for (const [name, value] of Object.entries(stack.summary.exports)) exportsByName.set(name, value);
        pending.splice(pending.indexOf(file), 1);
      } catch (error) {
        if (!(error instanceof MissingExportError)) throw error;
        missing.push(`${relative(options.rootDir, file)} imports ${error.exportName}`);
      }
    }
    if (pending.length === before) {
      throw new Error(`No stack exports what these stacks import: ${missing.join('; ')}`);
    }
  }
  const regions = new Set(loaded.map((stack) => stack.region));
  if (regions.size > 1)
    throw new Error(`All stacks must deploy to one region locally, found: ${[...regions].join(', ')}`);
  return {
    stage,
    region: loaded[0]?.region ?? options.region ?? 'eu-west-1',
    accountId,
    stacks: loaded.map((stack) => stack.summary),
    functions: loaded.flatMap((stack) => stack.functions),
    httpRoutes: loaded.flatMap((stack) => stack.httpRoutes),
    buses: loaded.flatMap((stack) => stack.buses),
    rules: loaded.flatMap((stack) => stack.rules),
    archives: loaded.flatMap((stack) => stack.archives),
    queues: loaded.flatMap((stack) => stack.queues),
    eventSourceMappings: loaded.flatMap((stack) => stack.eventSourceMappings),
    tables: loaded.flatMap((stack) => stack.tables),
    logGroups: loaded.flatMap((stack) => stack.logGroups),
    customResources: loaded.flatMap((stack) => stack.customResources),
    stateMachines: loaded.flatMap((stack) => stack.stateMachines),
    pipes: loaded.flatMap((stack) => stack.pipes),
    asyncInvokeConfigs: loaded.flatMap((stack) => stack.asyncInvokeConfigs),
  };
}

interface LoadedStack {
  readonly region: string;
  readonly summary: StackSummary;
  readonly functions: FunctionSpec[];
  readonly httpRoutes: HttpRouteSpec[];
  readonly buses: BusSpec[];
  readonly rules: RuleSpec[];
  readonly archives: ArchiveSpec[];
  readonly queues: QueueSpec[];
  readonly eventSourceMappings: EventSourceMappingSpec[];
  readonly tables: TableSpec[];
  readonly logGroups: LogGroupSpec[];
  readonly customResources: CustomResourceSpec[];
  readonly stateMachines: StateMachineSpec[];
  readonly pipes: PipeDefinition[];
  readonly asyncInvokeConfigs: AsyncInvokeConfigSpec[];
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

function loadStack(
  configPath: string,
  options: LoadOptions & { stage: string; accountId: string },
  exportsByName: ReadonlyMap<string, string>,
): LoadedStack {
  const directory = dirname(configPath);
  const raw = parseCloudFormationYaml(readFileSync(configPath, 'utf8'), configPath);
  const config = resolveVariables(raw, {
    stage: options.stage,
    region: options.region,
    accountId: options.accountId,
    env: options.env ?? process.env,
    configPath,
  });
  const service = String(config.service ?? '');
  if (!service) throw new Error(`${configPath}: 'service' is required`);
  const stackName = `${service}-${options.stage}`;
  const fail = (message: string): never => {
    throw new Error(`Stack ${stackName} (${relative(options.rootDir, configPath)}): ${message}`);
  };
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_KEYS.has(key)) fail(`top-level key '${key}' is not supported by the local cloud`);
  }
  const provider = (config.provider ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(provider)) {
    if (!PROVIDER_KEYS.has(key)) fail(`provider.${key} is not supported by the local cloud`);
  }
  if (provider.name !== 'aws') fail(`provider.name must be 'aws'`);
  const region = String(provider.region ?? options.region ?? 'us-east-1');
  const resourcesBlock = (config.resources ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(resourcesBlock)) {
    if (key !== 'Resources' && key !== 'Outputs') fail(`resources.${key} is not supported by the local cloud`);
  }
  const compiled = compileFunctions({
    stackName,
    service,
    stage: options.stage,
    directory,
    provider,
    functions: (config.functions ?? {}) as Record<string, unknown>,
  });
  const resources: Record<string, Resource> = {
    ...((resourcesBlock.Resources ?? {}) as Record<string, Resource>),
  };
  const stateMachines = compileStepFunctions({
    stackName,
    service,
    stage: options.stage,
    stepFunctions: config.stepFunctions,
    functions: config.functions as Record<string, unknown> | undefined,
  });
  for (const [logicalId, resource] of [...Object.entries(compiled.resources), ...Object.entries(stateMachines)]) {
    if (resources[logicalId]) fail(`resource ${logicalId} is declared twice`);
    resources[logicalId] = resource;
  }

  const nameCache = new Map<string, string | undefined>();
  const naming = (logicalId: string): ResourceNaming => {
    const resource = resources[logicalId];
    if (!resource) return fail(`reference to unknown resource ${logicalId}`);
    const type = RESOURCE_TYPES[resource.Type];
    if (!type) return fail(`${logicalId} (${resource.Type}) cannot be referenced`);
    if (!nameCache.has(logicalId)) {
      const nameValue = type.nameProperty ? resource.Properties?.[type.nameProperty] : undefined;
      const evaluated = nameValue === undefined ? undefined : evaluate(nameValue, `${logicalId}.${type.nameProperty}`);
      nameCache.set(logicalId, evaluated === undefined ? undefined : String(evaluated));
    }
    return {
      region,
      accountId: options.accountId,
      stackName,
      logicalId,
      edgeUrl: options.edgeUrl,
      name: nameCache.get(logicalId),
      property: (name) => evaluate(resource.Properties?.[name], `${logicalId}.${name}`),
    };
  };
  const context = {
    stackName,
    region,
    accountId: options.accountId,
    ref: (logicalId: string) => {
      const resource = resources[logicalId];
      const type = resource ? RESOURCE_TYPES[resource.Type] : undefined;
      if (!resource || !type) return fail(`!Ref ${logicalId}: no such resource the local cloud can name`);
      return type.ref(naming(logicalId));
    },
    getAtt: (logicalId: string, attribute: string) => {
      const resource = resources[logicalId];
      const getter = resource ? RESOURCE_TYPES[resource.Type]?.attributes[attribute] : undefined;
      if (!getter) return fail(`!GetAtt ${logicalId}.${attribute} is not supported by the local cloud`);
      return getter(naming(logicalId));
    },
    importValue: (exportName: string) => {
      const value = exportsByName.get(exportName);
      if (value === undefined) throw new MissingExportError(exportName);
      return value;
    },
  };
  function evaluate(node: unknown, where: string): unknown {
    return evaluateIntrinsics(node, context, where);
  }

  const stack: LoadedStack = {
    region,
    summary: { stackName, service, directory, configPath, exports: {} },
    functions: [],
    httpRoutes: [],
    buses: [],
    rules: [],
    archives: [],
    queues: [],
    eventSourceMappings: [],
    tables: [],
    logGroups: [],
    customResources: [],
    stateMachines: [],
    pipes: [],
    asyncInvokeConfigs: [],
  };

  for (const [logicalId, resource] of Object.entries(resources)) {
    const where = `${resource.Type} ${logicalId}`;
    if (isCustomResourceType(resource.Type)) {
      const properties = evaluate(resource.Properties ?? {}, logicalId) as Record<string, unknown>;
      const serviceToken = properties.ServiceToken;
      if (typeof serviceToken !== 'string' || !serviceToken.startsWith('arn:aws:lambda:')) {
        fail(`${where}: only Lambda-backed custom resources (ServiceToken = a function ARN) are supported`);
      }
      stack.customResources.push({
        stackName,
        logicalId,
        resourceType: resource.Type,
        serviceToken: String(serviceToken),
        properties,
      });
      continue;
    }
    const type = RESOURCE_TYPES[resource.Type];
    if (!type) fail(`${where}: resource type ${resource.Type} is not supported by the local cloud`);
    const rawProperties = resource.Properties ?? {};
    if (!type?.supported.includes('*')) {
      for (const property of Object.keys(rawProperties)) {
        if (rawProperties[property] === undefined) continue;
        if (!type?.supported.includes(property) && !type?.accepted.includes(property)) {
          fail(`${where}: property ${property} is not supported by the local cloud`);
        }
      }
    }
    const properties = evaluate(rawProperties, logicalId) as Record<string, unknown>;
    const name = type?.nameProperty ? (naming(logicalId).name ?? `${stackName}-${logicalId}`) : logicalId;
    const arn = type?.attributes.Arn?.(naming(logicalId)) ?? '';
    switch (resource.Type) {
      case 'AWS::Events::EventBus':
        stack.buses.push({ stackName, name, arn });
        break;
      case 'AWS::Events::Archive':
        stack.archives.push({
          stackName,
          name,
          arn,
          sourceArn: String(properties.SourceArn),
          eventPattern: properties.EventPattern,
          retentionDays: Number(properties.RetentionDays ?? 0),
        });
        break;
      case 'AWS::Events::Rule':
        stack.rules.push(
          toRule(stackName, logicalId, name, arn, properties, (message) => fail(`${where}: ${message}`)),
        );
        break;
      case 'AWS::SQS::Queue':
        stack.queues.push({
          stackName,
          logicalId,
          name,
          arn,
          url: context.ref(logicalId),
          attributes: toQueueAttributes(properties),
        });
        break;
      case 'AWS::DynamoDB::Table':
        stack.tables.push({ stackName, logicalId, properties });
        break;
      case 'AWS::Lambda::EventInvokeConfig': {
        const destination = (properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
          ?.OnFailure?.Destination;
        if (destination !== undefined && !String(destination).startsWith('arn:aws:sqs:')) {
          fail(`${where}: only SQS queues are supported as on-failure destinations locally`);
        }
        stack.asyncInvokeConfigs.push({
          stackName,
          functionName: String(properties.FunctionName),
          maximumRetryAttempts:
            properties.MaximumRetryAttempts === undefined ? undefined : Number(properties.MaximumRetryAttempts),
          maximumEventAgeSeconds:
            properties.MaximumEventAgeInSeconds === undefined ? undefined : Number(properties.MaximumEventAgeInSeconds),
          onFailureArn: destination === undefined ? undefined : String(destination),
        });
        break;
      }
      case 'AWS::Pipes::Pipe':
        stack.pipes.push({ stackName, logicalId, name, arn, properties });
        break;
      case 'AWS::StepFunctions::StateMachine': {
        const { type, definition } = readStateMachineDefinition(properties, `Stack ${stackName}: ${where}`);
        stack.stateMachines.push({
          stackName,
          logicalId,
          name,
          arn,
          type,
          definition,
          ...(properties.RoleArn === undefined ? {} : { roleArn: String(properties.RoleArn) }),
        });
        break;
      }
      case 'AWS::Logs::LogGroup':
        stack.logGroups.push({
          stackName,
          name,
          arn,
          retentionInDays: properties.RetentionInDays === undefined ? undefined : Number(properties.RetentionInDays),
        });
        break;
      case 'AWS::Lambda::Function': {
        const compiledFunction = compiled.functions.find((candidate) => candidate.logicalId === logicalId);
        if (!compiledFunction) return fail(`${where}: declare functions under 'functions:', not as raw resources`);
        const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
          {}) as Record<string, unknown>;
        stack.functions.push({
          stackName,
          service,
          key: compiledFunction.key,
          logicalId,
          name,
          arn,
          handler: compiledFunction.handler,
          entryPath: compiledFunction.entryPath,
          exportName: compiledFunction.exportName,
          serviceDirectory: directory,
          environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
          timeoutSeconds: Number(properties.Timeout),
          memorySizeMb: Number(properties.MemorySize),
          runtime: String(properties.Runtime),
          reservedConcurrency:
            properties.ReservedConcurrentExecutions === undefined
              ? undefined
              : Number(properties.ReservedConcurrentExecutions),
        });
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const sourceArn = String(properties.EventSourceArn);
        if (!sourceArn.startsWith('arn:aws:sqs:')) fail(`${where}: only SQS event sources are supported locally`);
        const responseTypes = (properties.FunctionResponseTypes ?? []) as string[];
        stack.eventSourceMappings.push({
          stackName,
          functionName: String(properties.FunctionName),
          sourceArn,
          batchSize: Number(properties.BatchSize ?? 10),
          maximumBatchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
          reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
          maximumConcurrency: (properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)
            ?.MaximumConcurrency,
          enabled: properties.Enabled !== false,
        });
        break;
      }
      default:
        break; // accepted with no local effect (IAM, policies)
    }
  }

  for (const route of compiled.routes) {
    stack.httpRoutes.push({
      stackName,
      method: route.method,
      path: route.path,
      functionName: context.ref(route.functionLogicalId),
    });
  }

  const outputs = (resourcesBlock.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
  const exported: Record<string, string> = {};
  for (const [outputId, output] of Object.entries(outputs)) {
    if (output.Export?.Name === undefined) continue;
    const exportName = String(evaluate(output.Export.Name, `Outputs.${outputId}.Export.Name`));
    exported[exportName] = String(evaluate(output.Value, `Outputs.${outputId}.Value`));
  }
  return { ...stack, summary: { ...stack.summary, exports: exported } };
}

function toRule(
  stackName: string,
  logicalId: string,
  name: string,
  arn: string,
  properties: Record<string, unknown>,
  fail: (message: string) => never,
): RuleSpec {
  const targets = ((properties.Targets ?? []) as Array<Record<string, unknown>>).map((target): RuleTargetSpec => {
    const allowed = [
      'Id',
      'Arn',
      'Input',
      'InputPath',
      'InputTransformer',
      'RetryPolicy',
      'DeadLetterConfig',
      'RoleArn',
    ];
    for (const key of Object.keys(target)) {
      if (target[key] !== undefined && !allowed.includes(key))
        fail(`target property ${key} is not supported by the local cloud`);
    }
    const retry = (target.RetryPolicy ?? {}) as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
    return {
      id: String(target.Id),
      arn: String(target.Arn),
      input: target.Input === undefined ? undefined : String(target.Input),
      inputPath: target.InputPath === undefined ? undefined : String(target.InputPath),
      inputTransformer: target.InputTransformer as RuleTargetSpec['inputTransformer'],
      // EventBridge's defaults: 185 retries over 24 hours.
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
      retryPolicy: {
        maximumRetryAttempts: Number(retry.MaximumRetryAttempts ?? 185),
        maximumEventAgeSeconds: Number(retry.MaximumEventAgeInSeconds ?? 86_400),
      },
      deadLetterArn: (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn,
    };
  });
  const pattern = properties.EventPattern;
  return {
    stackName,
    logicalId,
    name,
    arn,
    busName:
      typeof properties.EventBusName === 'string' && properties.EventBusName !== ''
        ? busName(properties.EventBusName)
        : 'default',
    eventPattern: typeof pattern === 'string' ? JSON.parse(pattern) : pattern,
    scheduleExpression: properties.ScheduleExpression === undefined ? undefined : String(properties.ScheduleExpression),
    enabled: properties.State !== 'DISABLED',
    targets,
  };
}

function busName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

function toQueueAttributes(properties: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const key of [
    'VisibilityTimeout',
    'MessageRetentionPeriod',
    'DelaySeconds',
    'MaximumMessageSize',
    'ReceiveMessageWaitTimeSeconds',
  ]) {
    if (properties[key] !== undefined) attributes[key] = String(properties[key]);
  }
  if (properties.RedrivePolicy !== undefined) {
    attributes.RedrivePolicy =
      typeof properties.RedrivePolicy === 'string'
        ? properties.RedrivePolicy
        : JSON.stringify(properties.RedrivePolicy);
  }
  return attributes;
}
