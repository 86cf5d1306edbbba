import { arnOf, defineResourceType, physicalName, policyOnlyType } from './resource-type.ts';

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

/**
 * The `NODE_OPTIONS` flags a local environment (a worker thread) applies as Lambda's Node would;
 * anything else stops the start rather than being silently ignored.
 */
export const LOCAL_NODE_OPTIONS: readonly string[] = ['--enable-source-maps'];

/** The flags of a function's `NODE_OPTIONS` variable, in order. */
export function nodeOptionsOf(environment: Readonly<Record<string, unknown>>): string[] {
  return String(environment.NODE_OPTIONS ?? '')
    .split(/\s+/)
    .filter((flag) => flag !== '');
}

/**
 * A function the framework compiled from `functions:` (the handler's source file is known only
 * from there, so a raw `AWS::Lambda::Function` resource is refused).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html
 */
export const LAMBDA_FUNCTION = defineResourceType({
  type: 'AWS::Lambda::Function',
  nameProperty: 'FunctionName',
  supported: [
    'FunctionName',
    'Handler',
    'Runtime',
    'Timeout',
    'MemorySize',
    'ReservedConcurrentExecutions',
    'Environment',
  ],
  accepted: [],
  ref: physicalName,
  attributes: { Arn: (naming) => arnOf('lambda', naming, `function:${physicalName(naming)}`) },
  topology: {
    collection: 'functions',
    build: (resource, stack): FunctionSpec => {
      const compiled = stack.compiledFunctions.find((candidate) => candidate.logicalId === resource.logicalId);
      if (!compiled) return resource.fail(`declare functions under 'functions:', not as raw resources`);
      const { properties } = resource;
      const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
        {}) as Record<string, unknown>;
      const nodeOptions = nodeOptionsOf(variables).filter((flag) => !LOCAL_NODE_OPTIONS.includes(flag));
      if (nodeOptions.length > 0)
        return resource.fail(
          `Environment.Variables.NODE_OPTIONS: ${nodeOptions.join(' ')} is not supported by the local cloud (only ${LOCAL_NODE_OPTIONS.join(', ')})`,
        );
      return {
        stackName: stack.stackName,
        service: stack.service,
        key: compiled.key,
        logicalId: resource.logicalId,
        name: resource.name,
        arn: resource.arn,
        handler: compiled.handler,
        entryPath: compiled.entryPath,
        exportName: compiled.exportName,
        serviceDirectory: stack.directory,
        environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
        timeoutSeconds: Number(properties.Timeout),
        memorySizeMb: Number(properties.MemorySize),
        runtime: String(properties.Runtime),
        reservedConcurrency:
          properties.ReservedConcurrentExecutions === undefined
            ? undefined
            : Number(properties.ReservedConcurrentExecutions),
      };
    },
  },
});

/** Resource-based permission to invoke a function: packaged and checked, not enforced locally. */
export const LAMBDA_PERMISSION = policyOnlyType('AWS::Lambda::Permission', [
  'FunctionName',
  'Action',
  'Principal',
  'SourceArn',
  'SourceAccount',
]);
