import { createHash } from 'node:crypto';
import { normalizedFunctionName } from './serverless-functions.ts';

/**
 * What the `serverless-step-functions` plugin (3.x, `lib/deploy/stepFunctions/compileStateMachines.js`
 * and `compileIamRole.js`) compiles a `stepFunctions.stateMachines` block into, so the loader
 * meets the same CloudFormation the plugin deploys: an `AWS::StepFunctions::StateMachine` per
 * key with the plugin's logical id (`<Key>StepFunctionsStateMachine`, or the normalized `id` /
 * `name`), `StateMachineName` only when `name` is set, `StateMachineType` only when `type` is
 * set, and the definition as a `DefinitionString` whose intrinsics sit in an `Fn::Sub` exactly
 * as the plugin writes it (md5-named placeholders, `#{AWS::Region}` pseudo parameters, a static
 * Lambda ARN for a `Ref` to a function with an explicit name). The loader evaluates the
 * intrinsics; the `AWS::StepFunctions::StateMachine` resource type then parses the result.
 * https://github.com/serverless-operations/serverless-step-functions#readme
 */
export type CompiledResource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
};

export interface CompileStepFunctionsInput {
  readonly stackName: string;
  readonly service: string;
  readonly stage: string;
  /** The `stepFunctions` block of serverless.yml, variables already resolved. */
  readonly stepFunctions: unknown;
  /** The `functions` block: the plugin turns `Ref: <function key>` into the function's logical id. */
  readonly functions?: Readonly<Record<string, unknown>>;
}

const STEP_FUNCTIONS_KEYS = new Set(['stateMachines', 'validate', 'noOutput', 'activities']);

/** Plugin keys the local cloud runs. */
const STATE_MACHINE_KEYS = new Set(['id', 'name', 'type', 'definition', 'events']);
/** Plugin keys that only shape IAM, logging, tracing, encryption, tags or deletion on AWS. */
const ACCEPTED_STATE_MACHINE_KEYS = new Set([
  'role',
  'iamRoleStatements',
  'tags',
  'inheritGlobalTags',
  'loggingConfig',
  'tracingConfig',
  'encryptionConfig',
  'kmsKeyArns',
  'retain',
  'dependsOn',
]);
/** Plugin keys that would create or change something the local cloud does not run. */
const REFUSED_STATE_MACHINE_KEYS: Readonly<Record<string, string>> = {
  alarms: 'CloudWatch alarms on state machines are not emulated',
  notifications: 'execution status notifications are not emulated',
  useExactVersion: 'Lambda versions are not emulated',
  configureTaskTimeouts: 'derived task timeouts are not emulated; set TimeoutSeconds on the Task states',
};

export function compileStepFunctions(input: CompileStepFunctionsInput): Record<string, CompiledResource> {
  const fail = (message: string): never => {
    throw new Error(`Stack ${input.stackName}: stepFunctions: ${message}`);
  };
  const block = input.stepFunctions;
  if (block === undefined || block === null) return {};
  if (!isPlainObject(block)) return fail('must be a mapping');
  for (const key of Object.keys(block)) {
    if (!STEP_FUNCTIONS_KEYS.has(key)) fail(`'${key}' is not supported by the local cloud`);
  }
  if (Array.isArray(block.activities) && block.activities.length > 0) {
    fail('activities are not supported by the local cloud (no worker polls them)');
  }
  const stateMachines = block.stateMachines ?? {};
  if (!isPlainObject(stateMachines)) return fail('stateMachines property is not an object');
  const functions = input.functions ?? {};
  const resources: Record<string, CompiledResource> = {};

  for (const [key, raw] of Object.entries(stateMachines)) {
    const where = `state machine ${key}`;
    if (!isPlainObject(raw)) return fail(`${where}: must be a mapping`);
    for (const property of Object.keys(raw)) {
      const refused = REFUSED_STATE_MACHINE_KEYS[property];
      if (refused) fail(`${where}: '${property}' is not supported by the local cloud (${refused})`);
      if (!STATE_MACHINE_KEYS.has(property) && !ACCEPTED_STATE_MACHINE_KEYS.has(property)) {
        fail(`${where}: '${property}' is not supported by the local cloud`);
      }
    }
    if (Array.isArray(raw.events) ? raw.events.length > 0 : raw.events !== undefined) {
      fail(
        `${where}: 'events' is not supported by the local cloud: start executions from a function (StartExecution) or declare an AWS::Events::Rule whose target is the state machine`,
      );
    }
    if (raw.role !== undefined && raw.iamRoleStatements !== undefined) {
      fail(`${where}: 'role' and 'iamRoleStatements' cannot be used together`);
    }
    if (raw.type !== undefined && raw.type !== 'STANDARD' && raw.type !== 'EXPRESS') {
      fail(`${where}: type must be STANDARD or EXPRESS, found '${String(raw.type)}'`);
    }
    if (typeof raw.definition === 'string') {
      fail(`${where}: write the definition as a YAML mapping (a string definition is not supported locally)`);
    }
    if (!isPlainObject(raw.definition)) return fail(`${where}: 'definition' is required`);

    const logicalId = stateMachineLogicalId(key, raw);
    if (resources[logicalId]) fail(`${where}: logical id ${logicalId} is used twice`);
    const properties: Record<string, unknown> = {
      DefinitionString: compileDefinitionString(structuredClone(raw.definition), functions),
      RoleArn: raw.role ?? { 'Fn::GetAtt': [`${logicalId}Role`, 'Arn'] },
      StateMachineType: raw.type,
    };
    if (raw.name !== undefined) properties.StateMachineName = raw.name;
    // The plugin's compileLoggingConfiguration and tracing: the local cloud writes the log lines.
    const logging = raw.loggingConfig as
      | { level?: unknown; includeExecutionData?: unknown; destinations?: unknown }
      | undefined;
    if (logging !== undefined) {
      if (!isPlainObject(logging)) return fail(`${where}: loggingConfig must be a mapping`);
      properties.LoggingConfiguration = {
        Level: logging.level ?? 'OFF',
        IncludeExecutionData: logging.includeExecutionData ?? false,
        Destinations: [logging.destinations ?? []]
          .flat()
          .map((arn) => ({ CloudWatchLogsLogGroup: { LogGroupArn: arn } })),
      };
    }
    const tracing = raw.tracingConfig as { enabled?: unknown } | undefined;
    if (tracing !== undefined) properties.TracingConfiguration = { Enabled: tracing.enabled === true };
    const dependsOn = raw.role === undefined ? [`${logicalId}Role`] : [];
    if (raw.dependsOn !== undefined) dependsOn.push(...[raw.dependsOn].flat().map(String));
    resources[logicalId] = { Type: 'AWS::StepFunctions::StateMachine', Properties: properties, DependsOn: dependsOn };

    if (raw.role === undefined) {
      // The plugin derives the role's statements from the Task states (iamStrategies); IAM is
      // not enforced locally, so only the declared iamRoleStatements are carried over.
      resources[`${logicalId}Role`] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: { 'Fn::Sub': `states.\${AWS::Region}.amazonaws.com` } },
                Action: 'sts:AssumeRole',
              },
            ],
          },
          Policies: [
            {
              PolicyName: `${input.stage}-${input.service}-statemachine`,
              PolicyDocument: { Version: '2012-10-17', Statement: raw.iamRoleStatements ?? [] },
            },
          ],
        },
      };
    }
  }
  return resources;
}

/** The plugin's `getStateMachineLogicalId`: the normalized `id` or `name`, else `<Key>StepFunctionsStateMachine`. */
export function stateMachineLogicalId(key: string, stateMachine: { id?: unknown; name?: unknown }): string {
  const custom = stateMachine.id ?? stateMachine.name;
  if (typeof custom === 'string' && custom !== '') return normalizedFunctionName(custom);
  return `${normalizedFunctionName(key)}StepFunctionsStateMachine`;
}

/** Ported from the plugin's `compileStateMachines`: placeholders, pseudo parameters, `Fn::Sub`. */
function compileDefinitionString(definition: Record<string, unknown>, functions: Readonly<Record<string, unknown>>) {
  const mappings = [...extractIntrinsics(definition)];
  const json = JSON.stringify(definition);
  const pseudo = /#\{([^}]+)\}/g;
  const replaced = json.search(pseudo) >= 0;
  const withPseudo = replaced ? JSON.parse(json.replace(pseudo, `\${$1}`)) : definition;
  let definitionString = JSON.stringify(withPseudo, undefined, 2);
  if (!replaced && mappings.length === 0) return definitionString;
  if (mappings.length === 0) return { 'Fn::Sub': definitionString };

  for (const mapping of mappings) {
    // A Wait state's `Seconds` must stay a number once substituted.
    if (mapping.waitSeconds)
      definitionString = definitionString.replaceAll(`"\${${mapping.name}}"`, `\${${mapping.name}}`);
  }
  const params: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const translated = translateLocalFunctionNames(mapping.value, functions);
    const functionName = explicitFunctionName(translated, functions);
    if (functionName !== undefined) {
      // The plugin inlines a static ARN rather than `Ref` (which is the function's name, not its ARN).
      const staticArn = `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${functionName}`;
      definitionString = definitionString.replaceAll(`\${${mapping.name}}`, staticArn);
    } else {
      params[mapping.name] = translated;
    }
  }
  return Object.keys(params).length === 0 ? { 'Fn::Sub': definitionString } : { 'Fn::Sub': [definitionString, params] };
}

interface IntrinsicMapping {
  readonly name: string;
  readonly value: Record<string, unknown>;
  readonly waitSeconds: boolean;
}

/** Replaces every intrinsic with `${<md5 of its JSON>}` in place, yielding what it replaced. */
function* extractIntrinsics(node: unknown): Generator<IntrinsicMapping> {
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      const element: unknown = node[index];
      if (isIntrinsic(element)) {
        const name = placeholderName(element);
        node[index] = `\${${name}}`;
        yield { name, value: element, waitSeconds: false };
      } else {
        yield* extractIntrinsics(element);
      }
    }
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) {
      yield* extractIntrinsics(value);
    } else if (isIntrinsic(value)) {
      const name = placeholderName(value);
      node[key] = `\${${name}}`;
      yield { name, value, waitSeconds: node.Type === 'Wait' && key === 'Seconds' };
    } else if (typeof value === 'object') {
      yield* extractIntrinsics(value);
    }
  }
}

function placeholderName(element: unknown): string {
  return createHash('md5').update(JSON.stringify(element)).digest('hex');
}

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).some((key) => key.startsWith('Fn::') || key === 'Ref')
  );
}

/** `Ref: hello-world` / `Fn::GetAtt: [hello-world, Arn]` name a function key: the plugin uses its logical id. */
function translateLocalFunctionNames(
  value: Record<string, unknown>,
  functions: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const translate = (logicalId: string): string =>
    Object.hasOwn(functions, logicalId) ? `${normalizedFunctionName(logicalId)}LambdaFunction` : logicalId;
  if (typeof value.Ref === 'string') return { Ref: translate(value.Ref) };
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string')
    return { 'Fn::GetAtt': [translate(getAtt[0]), getAtt[1]] };
  return value;
}

/** The plugin's `resolveLambdaFunctionName`: a `Ref` to a function declared with an explicit `name`. */
function explicitFunctionName(
  value: Record<string, unknown>,
  functions: Readonly<Record<string, unknown>>,
): string | undefined {
  const ref = value.Ref;
  if (typeof ref !== 'string') return undefined;
  const key = Object.hasOwn(functions, ref)
    ? ref
    : Object.keys(functions).find((candidate) => `${normalizedFunctionName(candidate)}LambdaFunction` === ref);
  if (key === undefined) return undefined;
  const name = (functions[key] as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
