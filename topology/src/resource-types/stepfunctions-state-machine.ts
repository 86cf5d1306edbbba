import { type DeclaredResource, defineResourceType, type ResourceNaming, type StackScope } from './resource-type.ts';

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
  /** Execution logs to CloudWatch Logs (`LoggingConfiguration`). */
  readonly logging?: {
    readonly level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
    readonly includeExecutionData: boolean;
    readonly logGroupArn: string;
  };
}

/**
 * The definition a loaded `AWS::StepFunctions::StateMachine` runs, from its evaluated properties:
 * `DefinitionString` (JSON text) or `Definition` (an object), with `DefinitionSubstitutions`
 * applied as CloudFormation applies them (`${key}` replaced in the definition's text).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
 */
export function readStateMachineDefinition(
  properties: Readonly<Record<string, unknown>>,
  where: string,
): { type: 'STANDARD' | 'EXPRESS'; definition: Record<string, unknown> } {
  const type = properties.StateMachineType ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') {
    throw new Error(`${where}: StateMachineType must be STANDARD or EXPRESS, found '${String(type)}'`);
  }
  const { DefinitionString: text, Definition: object } = properties;
  if ((text === undefined) === (object === undefined)) {
    throw new Error(`${where}: exactly one of DefinitionString and Definition is required`);
  }
  let definitionText = text === undefined ? JSON.stringify(object) : String(text);
  const substitutions = properties.DefinitionSubstitutions;
  if (substitutions !== undefined) {
    if (!isPlainObject(substitutions)) throw new Error(`${where}: DefinitionSubstitutions must be a mapping`);
    for (const [key, value] of Object.entries(substitutions)) {
      definitionText = definitionText.replaceAll(`\${${key}}`, String(value));
    }
  }
  let definition: unknown;
  try {
    definition = JSON.parse(definitionText);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${where}: the definition is not valid JSON: ${reason}`);
  }
  if (!isPlainObject(definition)) throw new Error(`${where}: the definition must be a JSON object`);
  return { type, definition };
}

const stateMachineName = (naming: ResourceNaming): string => naming.name ?? `${naming.stackName}-${naming.logicalId}`;
const stateMachineArn = (naming: ResourceNaming): string =>
  `arn:aws:states:${naming.region}:${naming.accountId}:stateMachine:${stateMachineName(naming)}`;

/**
 * `AWS::StepFunctions::StateMachine` for the loader's registry: `Ref` is the ARN (as CloudFormation
 * returns it), `Fn::GetAtt` gives `Arn` and `Name`. Without `StateMachineName`, CloudFormation
 * generates `<LogicalId>-<random>`; locally the name is `<stack>-<LogicalId>`, the loader's
 * convention for every generated name, so it stays stable across restarts.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html#aws-resource-stepfunctions-statemachine-return-values
 */
export const STATE_MACHINE = defineResourceType({
  type: 'AWS::StepFunctions::StateMachine',
  nameProperty: 'StateMachineName',
  supported: [
    'StateMachineName',
    'StateMachineType',
    'DefinitionString',
    'Definition',
    'DefinitionSubstitutions',
    'RoleArn',
    'LoggingConfiguration',
  ],
  accepted: ['Tags', 'TracingConfiguration', 'EncryptionConfiguration'],
  ref: stateMachineArn,
  attributes: { Arn: stateMachineArn, Name: stateMachineName },
  topology: { collection: 'stateMachines', build: toStateMachine },
});

function toStateMachine(resource: DeclaredResource, { stackName }: StackScope): StateMachineSpec {
  const { properties } = resource;
  const { type, definition } = readStateMachineDefinition(
    properties,
    `Stack ${stackName}: ${resource.type} ${resource.logicalId}`,
  );
  return {
    stackName,
    logicalId: resource.logicalId,
    name: resource.name,
    arn: resource.arn,
    type,
    definition,
    ...(properties.RoleArn === undefined ? {} : { roleArn: String(properties.RoleArn) }),
    ...loggingOf(properties.LoggingConfiguration, resource),
  };
}

/** Where execution history events go, and which: `LoggingConfiguration` with a CloudWatch Logs group. */
function loggingOf(value: unknown, resource: DeclaredResource): Pick<StateMachineSpec, 'logging'> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) return resource.fail('LoggingConfiguration must be a mapping');
  const level = String(value.Level ?? 'OFF');
  if (!['ALL', 'ERROR', 'FATAL', 'OFF'].includes(level))
    resource.fail(`LoggingConfiguration.Level must be ALL, ERROR, FATAL or OFF, found ${level}`);
  const destinations = Array.isArray(value.Destinations) ? value.Destinations : [];
  if (destinations.length > 1) resource.fail('LoggingConfiguration takes one destination');
  const arn = (destinations[0] as { CloudWatchLogsLogGroup?: { LogGroupArn?: unknown } } | undefined)
    ?.CloudWatchLogsLogGroup?.LogGroupArn;
  if (level !== 'OFF' && typeof arn !== 'string')
    resource.fail('LoggingConfiguration needs a CloudWatchLogsLogGroup destination');
  return typeof arn === 'string'
    ? {
        logging: {
          level: level as 'ALL' | 'ERROR' | 'FATAL' | 'OFF',
          includeExecutionData: value.IncludeExecutionData === true,
          logGroupArn: arn,
        },
      }
    : {};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
