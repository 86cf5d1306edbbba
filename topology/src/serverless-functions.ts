import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the Serverless Framework (v3 / osls) compiles a `functions:` block into, for the events
 * the shop uses: the Lambda function itself, `httpApi` routes, `sqs` event source mappings,
 * `schedule` rules and `eventBridge` rules. Names and logical ids follow the framework's naming
 * (`<service>-<stage>-<key>`, `<Key>LambdaFunction`) so `!GetAtt PlaceOrderLambdaFunction.Arn`
 * written in `resources:` resolves the same way it does on AWS.
 * https://www.serverless.com/framework/docs/providers/aws/guide/functions
 */
export interface CompiledFunctions {
  readonly resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  readonly routes: Array<{
    method: string;
    path: string;
    functionLogicalId: string;
    /** The route's JWT authorizer: its name under `provider.httpApi.authorizers`, and the scopes it requires. */
    authorizer?: { name: string; scopes: string[] };
  }>;
  /** `provider.httpApi.authorizers`, JWT ones only; `issuerUrl` and `audience` may still hold intrinsics. */
  readonly authorizers: Readonly<Record<string, CompiledJwtAuthorizer>>;
  readonly functions: Array<{ key: string; logicalId: string; handler: string; entryPath: string; exportName: string }>;
}

const FUNCTION_KEYS = new Set([
  'handler',
  'name',
  'description',
  'events',
  'environment',
  'timeout',
  'memorySize',
  'reservedConcurrency',
  'runtime',
  'architecture',
  'logRetentionInDays',
  'tags',
  'package',
  'destinations',
  'maximumRetryAttempts',
  'maximumEventAge',
  // IAM is compiled into roles on deploy; the local cloud does not enforce IAM (see docs/local-cloud.md).
  'iamRoleStatements',
  'iamRoleStatementsName',
  'iamRoleStatementsInherit',
]);

export interface CompiledJwtAuthorizer {
  readonly identitySource: string;
  readonly issuerUrl: unknown;
  readonly audience: unknown;
}

const SUPPORTED_RUNTIMES = new Set(['nodejs22.x', 'nodejs24.x']);

/** The framework's `getNormalizedFunctionName`: `place-order` → `PlaceDashorder`. */
export function normalizedFunctionName(key: string): string {
  const name = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function compileFunctions(input: {
  readonly stackName: string;
  readonly service: string;
  readonly stage: string;
  readonly directory: string;
  readonly provider: Record<string, unknown>;
  readonly functions: Record<string, unknown>;
}): CompiledFunctions {
  const resources: CompiledFunctions['resources'] = {};
  const routes: CompiledFunctions['routes'] = [];
  const functions: CompiledFunctions['functions'] = [];
  const fail = (message: string): never => {
    throw new Error(`Stack ${input.stackName}: ${message}`);
  };
  const providerEnvironment = (input.provider.environment ?? {}) as Record<string, unknown>;
  const authorizers = compileHttpApiAuthorizers(input.provider.httpApi, fail);

  for (const [key, raw] of Object.entries(input.functions)) {
    const definition = (raw ?? {}) as Record<string, unknown>;
    for (const property of Object.keys(definition)) {
      if (!FUNCTION_KEYS.has(property)) {
        fail(`function ${key}: property '${property}' is not supported by the local cloud`);
      }
    }
    const handler = definition.handler;
    if (typeof handler !== 'string') return fail(`function ${key}: 'handler' is required`);
    const dot = handler.lastIndexOf('.');
    const modulePath = handler.slice(0, dot);
    const exportName = handler.slice(dot + 1);
    const entryPath = ['.ts', '.mts', '.js', '.mjs', '.cjs']
      .map((extension) => join(input.directory, modulePath + extension))
      .find((candidate) => existsSync(candidate));
    if (!entryPath) return fail(`function ${key}: handler file ${modulePath}.(ts|js) not found in ${input.directory}`);
    const runtime = String(definition.runtime ?? input.provider.runtime ?? '');
    if (!SUPPORTED_RUNTIMES.has(runtime)) {
      fail(`function ${key}: runtime '${runtime}' is not supported (use ${[...SUPPORTED_RUNTIMES].join(' or ')})`);
    }
    const logicalId = `${normalizedFunctionName(key)}LambdaFunction`;
    const environment = { ...providerEnvironment, ...((definition.environment ?? {}) as Record<string, unknown>) };
    resources[logicalId] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: definition.name ?? `${input.service}-${input.stage}-${key}`,
        Handler: handler,
        Runtime: runtime,
        Timeout: definition.timeout ?? input.provider.timeout ?? 6,
        MemorySize: definition.memorySize ?? input.provider.memorySize ?? 1024,
        ReservedConcurrentExecutions: definition.reservedConcurrency,
        Environment: { Variables: environment },
      },
    };
    functions.push({ key, logicalId, handler, entryPath, exportName });
    const { destinations, maximumRetryAttempts, maximumEventAge } = definition as {
      destinations?: { onSuccess?: unknown; onFailure?: unknown };
      maximumRetryAttempts?: number;
      maximumEventAge?: number;
    };
    if (destinations !== undefined || maximumRetryAttempts !== undefined || maximumEventAge !== undefined) {
      if (destinations?.onSuccess !== undefined)
        fail(`function ${key}: destinations.onSuccess is not supported by the local cloud`);
      const onFailure = destinations?.onFailure;
      const failureArn =
        typeof onFailure === 'object' && onFailure !== null && 'arn' in onFailure ? onFailure.arn : onFailure;
      // The framework's asynchronous invocation config (AWS::Lambda::EventInvokeConfig).
      resources[`${normalizedFunctionName(key)}LambdaEvConf`] = {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: logicalId },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: maximumRetryAttempts,
          MaximumEventAgeInSeconds: maximumEventAge,
          DestinationConfig: failureArn === undefined ? undefined : { OnFailure: { Destination: failureArn } },
        },
      };
    }

    const events = (definition.events ?? []) as unknown[];
    events.forEach((event, index) => {
      const [[type, config] = []] = Object.entries((event ?? {}) as Record<string, unknown>);
      const eventId = `${normalizedFunctionName(key)}Event${index}`;
      switch (type) {
        case 'httpApi': {
          const route =
            typeof config === 'string'
              ? { method: config.split(' ')[0] ?? '', path: config.split(' ')[1] ?? '' }
              : (config as { method: string; path: string; authorizer?: unknown });
          for (const property of Object.keys(route)) {
            if (!['method', 'path', 'authorizer'].includes(property)) {
              fail(`function ${key}: httpApi event property '${property}' is not supported by the local cloud`);
            }
          }
          const authorizer =
            'authorizer' in route ? routeAuthorizer(route.authorizer, authorizers, `function ${key}`, fail) : undefined;
          routes.push({
            method: String(route.method).toUpperCase(),
            path: String(route.path),
            functionLogicalId: logicalId,
            ...(authorizer ? { authorizer } : {}),
          });
          break;
        }
        case 'sqs': {
          const sqs = (typeof config === 'object' && config !== null ? config : { arn: config }) as Record<
            string,
            unknown
          >;
          for (const property of Object.keys(sqs)) {
            if (
              ![
                'arn',
                'batchSize',
                'maximumBatchingWindow',
                'functionResponseType',
                'enabled',
                'maximumConcurrency',
              ].includes(property)
            ) {
              fail(`function ${key}: sqs event property '${property}' is not supported by the local cloud`);
            }
          }
          resources[`${normalizedFunctionName(key)}EventSourceMappingSQS${index}`] = {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: {
              EventSourceArn: sqs.arn,
              FunctionName: { Ref: logicalId },
              BatchSize: sqs.batchSize ?? 10,
              MaximumBatchingWindowInSeconds: sqs.maximumBatchingWindow ?? 0,
              FunctionResponseTypes: sqs.functionResponseType ? [sqs.functionResponseType] : [],
              Enabled: sqs.enabled ?? true,
              ScalingConfig: sqs.maximumConcurrency ? { MaximumConcurrency: sqs.maximumConcurrency } : undefined,
            },
          };
          break;
        }
        case 'schedule': {
          const schedule = (typeof config === 'string' ? { rate: config } : config) as Record<string, unknown>;
          const rates = Array.isArray(schedule.rate) ? schedule.rate : [schedule.rate];
          rates.forEach((rate, rateIndex) => {
            resources[`${normalizedFunctionName(key)}EventsRuleSchedule${index + rateIndex + 1}`] = {
              Type: 'AWS::Events::Rule',
              Properties: {
                Name: schedule.name,
                ScheduleExpression: rate,
                State: schedule.enabled === false ? 'DISABLED' : 'ENABLED',
                Targets: [
                  {
                    Id: `${key}Schedule`,
                    Arn: { 'Fn::GetAtt': [logicalId, 'Arn'] },
                    Input: schedule.input === undefined ? undefined : JSON.stringify(schedule.input),
                    InputPath: schedule.inputPath,
                    InputTransformer: schedule.inputTransformer,
                  },
                ],
              },
            };
          });
          break;
        }
        case 'eventBridge': {
          const rule = config as Record<string, unknown>;
          resources[`${normalizedFunctionName(key)}EventBridgeRule${index + 1}`] = {
            Type: 'AWS::Events::Rule',
            Properties: {
              Name: rule.name,
              EventBusName: rule.eventBus,
              EventPattern: rule.pattern,
              ScheduleExpression: rule.schedule,
              State: rule.enabled === false ? 'DISABLED' : 'ENABLED',
              Targets: [
                {
                  Id: `${key}EventBridgeTarget`,
                  Arn: { 'Fn::GetAtt': [logicalId, 'Arn'] },
                  Input: rule.input === undefined ? undefined : JSON.stringify(rule.input),
                  InputPath: rule.inputPath,
                  InputTransformer: rule.inputTransformer,
                  RetryPolicy: rule.retryPolicy,
                  DeadLetterConfig: rule.deadLetterQueueArn ? { Arn: rule.deadLetterQueueArn } : undefined,
                },
              ],
            },
          };
          break;
        }
        default:
          fail(`function ${key}: event type '${String(type)}' (${eventId}) is not supported by the local cloud`);
      }
    });
  }
  if (routes.length > 0) {
    // The framework's one HTTP API per stack, named `<stage>-<service>`.
    resources.HttpApi = {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: { Name: `${input.stage}-${input.service}`, ProtocolType: 'HTTP' },
    };
  }
  return { resources, routes, functions, authorizers };
}

/**
 * `provider.httpApi`: the framework's JWT authorizers (compiled into `AWS::ApiGatewayV2::Authorizer`
 * with `JwtConfiguration`). Lambda (request) authorizers and the other HTTP API settings are refused.
 * https://www.serverless.com/framework/docs/providers/aws/events/http-api#jwt-authorizers
 */
function compileHttpApiAuthorizers(
  httpApi: unknown,
  fail: (message: string) => never,
): Record<string, CompiledJwtAuthorizer> {
  if (httpApi === undefined) return {};
  if (typeof httpApi !== 'object' || httpApi === null) return fail('provider.httpApi must be a mapping');
  for (const key of Object.keys(httpApi)) {
    if (key !== 'authorizers') fail(`provider.httpApi.${key} is not supported by the local cloud`);
  }
  const declared = ((httpApi as { authorizers?: unknown }).authorizers ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const compiled: Record<string, CompiledJwtAuthorizer> = {};
  for (const [name, authorizer] of Object.entries(declared)) {
    const where = `provider.httpApi.authorizers.${name}`;
    for (const key of Object.keys(authorizer ?? {})) {
      if (!['type', 'identitySource', 'issuerUrl', 'audience', 'name'].includes(key)) {
        fail(`${where}.${key} is not supported by the local cloud`);
      }
    }
    if (authorizer.type !== undefined && authorizer.type !== 'jwt') {
      fail(`${where}: only JWT authorizers are supported by the local cloud, found type '${String(authorizer.type)}'`);
    }
    if (authorizer.issuerUrl === undefined || authorizer.audience === undefined) {
      fail(`${where}: issuerUrl and audience are required`);
    }
    compiled[name] = {
      identitySource: String(authorizer.identitySource ?? '$request.header.Authorization'),
      issuerUrl: authorizer.issuerUrl,
      audience: authorizer.audience,
    };
  }
  return compiled;
}

function routeAuthorizer(
  declared: unknown,
  authorizers: Readonly<Record<string, CompiledJwtAuthorizer>>,
  where: string,
  fail: (message: string) => never,
): { name: string; scopes: string[] } {
  const { name, scopes, ...rest } = (typeof declared === 'string' ? { name: declared } : (declared ?? {})) as {
    name?: unknown;
    scopes?: unknown;
  };
  if (Object.keys(rest).length > 0)
    fail(`${where}: httpApi authorizer.${Object.keys(rest)[0]} is not supported by the local cloud`);
  if (typeof name !== 'string' || !authorizers[name]) {
    return fail(`${where}: httpApi authorizer '${String(name)}' is not declared under provider.httpApi.authorizers`);
  }
  if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string'))) {
    return fail(`${where}: httpApi authorizer.scopes must be a list of strings`);
  }
  return { name, scopes: (scopes as string[] | undefined) ?? [] };
}
