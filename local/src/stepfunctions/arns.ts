import { AwsError } from '../edge/aws-error.ts';

/**
 * Step Functions ARNs and names as the API reference defines them:
 * `arn:aws:states:<region>:<account>:stateMachine:<name>`, standard executions
 * `…:execution:<machine>:<name>`, express executions `…:express:<machine>:<name>:<id>`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html
 */
export function stateMachineArnOf(region: string, accountId: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
}

export function executionArnOf(stateMachineArn: string, executionName: string, expressId?: string): string {
  const [prefix, machineName] = splitStateMachineArn(stateMachineArn);
  return expressId === undefined
    ? `${prefix}:execution:${machineName}:${executionName}`
    : `${prefix}:express:${machineName}:${executionName}:${expressId}`;
}

function splitStateMachineArn(arn: string): [string, string] {
  const marker = ':stateMachine:';
  const at = arn.indexOf(marker);
  return [arn.slice(0, at), arn.slice(at + marker.length)];
}

const ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:([A-Za-z]+):(.+)$/;

/** Checks a state machine ARN's shape (`InvalidArn` otherwise), as the service does before looking it up. */
export function assertStateMachineArn(arn: unknown, field = 'stateMachineArn'): string {
  const value = requireString(arn, field);
  const match = ARN.exec(value);
  if (!match) throw new AwsError('InvalidArn', `Invalid Arn: '${value}'`);
  if (match[1] !== 'stateMachine') {
    throw new AwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${match[1]}'`);
  }
  return value;
}

/**
 * Checks an execution ARN. Express executions are not recorded by Step Functions: the history
 * APIs refuse their ARNs as the service does (`InvalidArn`, resource type `express`).
 */
export function assertExecutionArn(arn: unknown, field = 'executionArn'): string {
  const value = requireString(arn, field);
  const match = ARN.exec(value);
  if (!match) throw new AwsError('InvalidArn', `Invalid Arn: '${value}'`);
  if (match[1] !== 'execution') {
    throw new AwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${match[1]}'`);
  }
  return value;
}

/**
 * An execution name: 1..80 characters with no white space, brackets, wildcards, the listed
 * special characters or control characters.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#StepFunctions-StartExecution-request-name
 */
export function assertExecutionName(name: string): void {
  const invalid =
    name.length < 1 ||
    name.length > 80 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the API forbids control characters in names.
    /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u.test(name);
  if (invalid) throw new AwsError('InvalidName', `Invalid Name: '${name}'`);
}

/** The JSON-protocol validation error for a missing required member, worded as AWS words it. */
export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
