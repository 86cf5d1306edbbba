import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import StandardAlarms from '@shop/shared/serverless-alarms';
import { parseCloudFormationYaml } from './cfn-yaml.ts';
import { evaluateIntrinsics } from './intrinsics.ts';
import {
  type CollectionName,
  emptyCollections,
  type ResourceNaming,
  type ResourceType,
  resourceTypeOf,
  type StackScope,
} from './resource-types/index.ts';
import { compileFunctions } from './serverless-functions.ts';
import { compileStepFunctions } from './step-functions.ts';
import type { HttpRouteSpec, StackSummary, Topology } from './topology.ts';
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
  // X-Ray on AWS (TracingConfig); nothing to trace with locally.
  'tracing',
]);

/**
 * The framework plugins the stacks may list, and what each adds to a stack locally: the build,
 * IAM and Step Functions plugins' output is compiled by the loader itself; the shop's own alarms
 * plugin adds its alarms through the very function the plugin uses when packaging.
 */
const PLUGINS: Readonly<
  Record<string, ((stack: Parameters<typeof StandardAlarms.standardAlarms>[0]) => Record<string, Resource>) | null>
> = {
  'serverless-esbuild': null,
  'serverless-iam-roles-per-function': null,
  'serverless-step-functions': null,
  '@shop/shared/serverless-alarms': (stack) => StandardAlarms.standardAlarms(stack),
};

function applyPlugins(
  plugins: unknown,
  fail: (message: string) => never,
  stack: Parameters<typeof StandardAlarms.standardAlarms>[0],
): Record<string, Resource> {
  if (plugins === undefined) return {};
  if (!Array.isArray(plugins)) return fail(`'plugins' must be a list`);
  const added: Record<string, Resource> = {};
  for (const plugin of plugins) {
    if (typeof plugin !== 'string' || !(plugin in PLUGINS)) {
      fail(
        `plugin '${String(plugin)}' is not supported by the local cloud (supported: ${Object.keys(PLUGINS).join(', ')})`,
      );
    }
    Object.assign(added, PLUGINS[plugin]?.(stack) ?? {});
  }
  return added;
}

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
    httpRoutes: loaded.flatMap((stack) => stack.httpRoutes),
    ...mergeCollections(loaded.map((stack) => stack.collections)),
  } as Topology;
}

type Collections = ReturnType<typeof emptyCollections>;

function mergeCollections(perStack: readonly Collections[]): Collections {
  const merged = emptyCollections();
  for (const collections of perStack) {
    for (const name of Object.keys(collections) as CollectionName[]) merged[name].push(...collections[name]);
  }
  return merged;
}

interface LoadedStack {
  readonly region: string;
  readonly summary: StackSummary;
  readonly httpRoutes: HttpRouteSpec[];
  readonly collections: Collections;
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
  const declaredFunctions = (config.functions ?? {}) as Record<string, Record<string, unknown>>;
  const pluginResources = applyPlugins(config.plugins, fail, {
    stackName,
    resources,
    functions: compiled.functions.map((fn) => ({
      logicalId: fn.logicalId,
      functionName: String(compiled.resources[fn.logicalId]?.Properties?.FunctionName),
      definition: declaredFunctions[fn.key] ?? {},
    })),
  });
  for (const [logicalId, resource] of [
    ...Object.entries(compiled.resources),
    ...Object.entries(stateMachines),
    ...Object.entries(pluginResources),
  ]) {
    if (resources[logicalId]) fail(`resource ${logicalId} is declared twice`);
    resources[logicalId] = resource;
  }

  const nameCache = new Map<string, string | undefined>();
  const naming = (logicalId: string): ResourceNaming => {
    const resource = resources[logicalId];
    if (!resource) return fail(`reference to unknown resource ${logicalId}`);
    const type = resourceTypeOf(resource.Type);
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
      const type = resource ? resourceTypeOf(resource.Type) : undefined;
      if (!resource || !type) return fail(`!Ref ${logicalId}: no such resource the local cloud can name`);
      return type.ref(naming(logicalId));
    },
    getAtt: (logicalId: string, attribute: string) => {
      const resource = resources[logicalId];
      const getter = resource ? resourceTypeOf(resource.Type)?.attributes[attribute] : undefined;
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

  const scope: StackScope = {
    stackName,
    service,
    directory,
    region,
    accountId: options.accountId,
    compiledFunctions: compiled.functions,
    ref: context.ref,
  };
  const collections = emptyCollections();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const where = `${resource.Type} ${logicalId}`;
    const type = resourceTypeOf(resource.Type);
    if (!type) return fail(`${where}: resource type ${resource.Type} is not supported by the local cloud`);
    checkProperties(type, resource, (message) => fail(`${where}: ${message}`));
    if (!type.topology) continue; // accepted with no local effect (IAM, policies)
    const properties = evaluate(resource.Properties ?? {}, logicalId) as Record<string, unknown>;
    const spec = type.topology.build(
      {
        logicalId,
        type: resource.Type,
        name: type.nameProperty ? (naming(logicalId).name ?? `${stackName}-${logicalId}`) : logicalId,
        arn: type.attributes.Arn?.(naming(logicalId)) ?? '',
        properties,
        fail: (message) => fail(`${where}: ${message}`),
      },
      scope,
    );
    collections[type.topology.collection as CollectionName].push(spec);
  }

  const httpRoutes: HttpRouteSpec[] = [];
  for (const route of compiled.routes) {
    const authorizer = route.authorizer ? compiled.authorizers[route.authorizer.name] : undefined;
    const where = `provider.httpApi.authorizers.${route.authorizer?.name}`;
    httpRoutes.push({
      stackName,
      method: route.method,
      path: route.path,
      functionName: context.ref(route.functionLogicalId),
      ...(route.authorizer && authorizer
        ? {
            authorizer: {
              name: route.authorizer.name,
              identitySource: authorizer.identitySource,
              issuer: String(evaluate(authorizer.issuerUrl, `${where}.issuerUrl`)),
              audience: [evaluate(authorizer.audience, `${where}.audience`)].flat().map(String),
              scopes: route.authorizer.scopes,
            },
          }
        : {}),
    });
  }

  const outputs = (resourcesBlock.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
  const exported: Record<string, string> = {};
  for (const [outputId, output] of Object.entries(outputs)) {
    if (output.Export?.Name === undefined) continue;
    const exportName = String(evaluate(output.Export.Name, `Outputs.${outputId}.Export.Name`));
    exported[exportName] = String(evaluate(output.Value, `Outputs.${outputId}.Value`));
  }
  return { region, summary: { stackName, service, directory, configPath, exports: exported }, httpRoutes, collections };
}

/** Every property is one the type emulates or accepts; anything else stops start-up, named. */
function checkProperties(
  type: ResourceType<string, unknown>,
  resource: Resource,
  fail: (message: string) => never,
): void {
  if (type.supported.includes('*')) return;
  for (const [property, value] of Object.entries(resource.Properties ?? {})) {
    if (value === undefined) continue;
    if (!type.supported.includes(property) && !type.accepted.includes(property)) {
      fail(`property ${property} is not supported by the local cloud`);
    }
  }
}
