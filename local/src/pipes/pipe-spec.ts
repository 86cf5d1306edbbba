/**
 * An `AWS::Pipes::Pipe` as the local cloud runs it: the resolved CloudFormation properties are
 * checked once, at start-up, and turned into a `PipeSpec`. Everything this module does not
 * emulate is refused by name (never silently ignored), and the limits are the ones
 * the Pipes API reference states.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-pipes-pipe.html
 * https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_CreatePipe.html
 */

import type { PipeSpec as PipeDeclaration } from '@shop/topology/topology';
import { compileFilterCriteria, type FilterCriteria } from './filter-criteria.ts';
import { validateInputTemplate } from './input-template.ts';

/** One pipe as the loader hands it over (`AWS::Pipes::Pipe`): its names and its resolved `Properties`. */
export type PipeDefinition = PipeDeclaration;

/** How Pipes calls a Lambda target: wait for its answer, or hand the event over and move on. */
export type PipeInvocationType = 'REQUEST_RESPONSE' | 'FIRE_AND_FORGET';

export interface PipeSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The SQS queue the pipe polls. */
  readonly sourceArn: string;
  /** `SqsQueueParameters.BatchSize`: 1..10000, default 10. */
  readonly batchSize: number;
  /** `SqsQueueParameters.MaximumBatchingWindowInSeconds`: 0..300, default 0. */
  readonly maximumBatchingWindowSeconds: number;
  /** `SourceParameters.FilterCriteria`, compiled; `undefined` passes every record. */
  readonly filter: FilterCriteria | undefined;
  readonly enrichment: { readonly arn: string; readonly inputTemplate: string | undefined } | undefined;
  readonly target: {
    readonly arn: string;
    readonly inputTemplate: string | undefined;
    readonly invocationType: PipeInvocationType;
  };
  /** A `STOPPED` pipe exists but does not poll its source. */
  readonly desiredState: 'RUNNING' | 'STOPPED';
}

/** A pipe the local cloud cannot run as declared; the message names the stack, pipe and property. */
export class PipeConfigurationError extends Error {
  override readonly name = 'PipeConfigurationError';
}

const TOP_LEVEL = {
  supported: [
    'Name',
    'Source',
    'SourceParameters',
    'Enrichment',
    'EnrichmentParameters',
    'Target',
    'TargetParameters',
    'DesiredState',
    'LogConfiguration',
  ],
  // IAM is not enforced locally; descriptions and tags have no behaviour.
  accepted: ['RoleArn', 'Description', 'Tags'],
};
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const SQS_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/;
const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]+))?$/;
/** `InputTemplate` is at most 8192 characters (API reference, PipeTargetParameters). */
const MAX_INPUT_TEMPLATE = 8192;

/** Checks a pipe's properties and compiles its filters; throws `PipeConfigurationError`. */
export function parsePipeDefinition(definition: PipeDefinition): PipeSpec {
  const where = `Stack ${definition.stackName}: AWS::Pipes::Pipe ${definition.logicalId} (${definition.name})`;
  const fail = (message: string): never => {
    throw new PipeConfigurationError(`${where}: ${message}`);
  };
  const properties = definition.properties;
  onlyKeys(properties, [...TOP_LEVEL.supported, ...TOP_LEVEL.accepted], '', fail);
  if (!NAME.test(definition.name)) fail(`Name must match [.\\-_A-Za-z0-9]{1,64}, got '${definition.name}'`);

  const source = properties.Source;
  if (typeof source !== 'string' || !SQS_ARN.test(source)) {
    fail(`Source must be an SQS queue ARN (the local cloud runs pipes with an SQS source only), got ${show(source)}`);
  }
  const sourceParameters = objectAt(properties, 'SourceParameters', fail);
  onlyKeys(sourceParameters, ['SqsQueueParameters', 'FilterCriteria'], 'SourceParameters.', fail);
  const sqsParameters = objectAt(sourceParameters, 'SqsQueueParameters', fail, 'SourceParameters.');
  onlyKeys(
    sqsParameters,
    ['BatchSize', 'MaximumBatchingWindowInSeconds'],
    'SourceParameters.SqsQueueParameters.',
    fail,
  );
  const batchSize = integerAt(sqsParameters, 'BatchSize', 10, 1, 10_000, fail);
  const window = integerAt(sqsParameters, 'MaximumBatchingWindowInSeconds', 0, 0, 300, fail);

  const filter = parseFilterCriteria(sourceParameters.FilterCriteria, fail);

  // Failed executions go to a CloudWatch Logs group; Firehose and S3 destinations are not run.
  const logConfiguration = objectAt(properties, 'LogConfiguration', fail);
  onlyKeys(
    logConfiguration,
    ['Level', 'IncludeExecutionData', 'CloudwatchLogsLogDestination'],
    'LogConfiguration.',
    fail,
  );
  const level = logConfiguration.Level;
  if (level !== undefined && !['OFF', 'ERROR', 'INFO', 'TRACE'].includes(String(level))) {
    fail(`LogConfiguration.Level must be OFF, ERROR, INFO or TRACE, got ${show(level)}`);
  }
  onlyKeys(
    objectAt(logConfiguration, 'CloudwatchLogsLogDestination', fail, 'LogConfiguration.'),
    ['LogGroupArn'],
    'LogConfiguration.CloudwatchLogsLogDestination.',
    fail,
  );

  const enrichmentArn = properties.Enrichment;
  const enrichmentParameters = objectAt(properties, 'EnrichmentParameters', fail);
  onlyKeys(enrichmentParameters, ['InputTemplate'], 'EnrichmentParameters.', fail);
  if (enrichmentArn !== undefined && (typeof enrichmentArn !== 'string' || !LAMBDA_ARN.test(enrichmentArn))) {
    fail(
      `Enrichment must be a Lambda function ARN (the local cloud runs Lambda enrichments only), got ${show(enrichmentArn)}`,
    );
  }
  if (enrichmentArn === undefined && properties.EnrichmentParameters !== undefined) {
    fail('EnrichmentParameters is set but there is no Enrichment');
  }
  const enrichmentTemplate = inputTemplateAt(enrichmentParameters, 'EnrichmentParameters.', fail);

  const targetArn = properties.Target;
  if (typeof targetArn !== 'string' || !LAMBDA_ARN.test(targetArn)) {
    fail(`Target must be a Lambda function ARN (the local cloud runs Lambda targets only), got ${show(targetArn)}`);
  }
  const targetParameters = objectAt(properties, 'TargetParameters', fail);
  onlyKeys(targetParameters, ['LambdaFunctionParameters', 'InputTemplate'], 'TargetParameters.', fail);
  const lambdaParameters = objectAt(targetParameters, 'LambdaFunctionParameters', fail, 'TargetParameters.');
  onlyKeys(lambdaParameters, ['InvocationType'], 'TargetParameters.LambdaFunctionParameters.', fail);
  const invocationType = lambdaParameters.InvocationType ?? 'REQUEST_RESPONSE';
  if (invocationType !== 'REQUEST_RESPONSE' && invocationType !== 'FIRE_AND_FORGET') {
    fail(
      `TargetParameters.LambdaFunctionParameters.InvocationType must be REQUEST_RESPONSE or FIRE_AND_FORGET, got ${show(invocationType)}`,
    );
  }
  const targetTemplate = inputTemplateAt(targetParameters, 'TargetParameters.', fail);

  const desiredState = properties.DesiredState ?? 'RUNNING';
  if (desiredState !== 'RUNNING' && desiredState !== 'STOPPED') {
    fail(`DesiredState must be RUNNING or STOPPED, got ${show(desiredState)}`);
  }

  return {
    stackName: definition.stackName,
    logicalId: definition.logicalId,
    name: definition.name,
    arn: definition.arn,
    sourceArn: source as string,
    batchSize,
    maximumBatchingWindowSeconds: window,
    filter,
    enrichment:
      enrichmentArn === undefined ? undefined : { arn: enrichmentArn as string, inputTemplate: enrichmentTemplate },
    target: {
      arn: targetArn as string,
      inputTemplate: targetTemplate,
      invocationType: invocationType as PipeInvocationType,
    },
    desiredState: desiredState as 'RUNNING' | 'STOPPED',
  };
}

/** The region and account of a queue or function ARN, to check they are the local cloud's. */
export function regionAndAccountOf(arn: string): { region: string; accountId: string } {
  const [, , , region = '', accountId = ''] = arn.split(':');
  return { region, accountId };
}

function parseFilterCriteria(value: unknown, fail: (message: string) => never): FilterCriteria | undefined {
  if (value === undefined) return undefined;
  const criteria = asObject(value, 'SourceParameters.FilterCriteria', fail);
  onlyKeys(criteria, ['Filters'], 'SourceParameters.FilterCriteria.', fail);
  const filters = criteria.Filters ?? [];
  if (!Array.isArray(filters)) return fail('SourceParameters.FilterCriteria.Filters must be a list');
  // PipeSourceParameters FilterCriteria: "Filters ... Maximum number of 5 items".
  if (filters.length > 5) fail(`SourceParameters.FilterCriteria.Filters has ${filters.length} filters; at most 5`);
  const patterns = filters.map((filter, index) => {
    const at = `SourceParameters.FilterCriteria.Filters[${index}]`;
    const entry = asObject(filter, at, fail);
    onlyKeys(entry, ['Pattern'], `${at}.`, fail);
    const pattern = entry.Pattern;
    if (typeof pattern !== 'string') {
      return fail(`${at}.Pattern must be a JSON string, as CloudFormation requires, got ${show(pattern)}`);
    }
    if (pattern.length > 4096) fail(`${at}.Pattern is ${pattern.length} characters; at most 4096`);
    return pattern;
  });
  if (patterns.length === 0) return undefined;
  try {
    return compileFilterCriteria(patterns);
  } catch (error) {
    return fail(`SourceParameters.FilterCriteria: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function inputTemplateAt(
  parameters: Record<string, unknown>,
  prefix: string,
  fail: (message: string) => never,
): string | undefined {
  const template = parameters.InputTemplate;
  if (template === undefined) return undefined;
  if (typeof template !== 'string') return fail(`${prefix}InputTemplate must be a string, got ${show(template)}`);
  if (template.length > MAX_INPUT_TEMPLATE) {
    fail(`${prefix}InputTemplate is ${template.length} characters; at most ${MAX_INPUT_TEMPLATE}`);
  }
  try {
    validateInputTemplate(template);
  } catch (error) {
    fail(`${prefix}InputTemplate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return template;
}

function onlyKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  prefix: string,
  fail: (message: string) => never,
): void {
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && !allowed.includes(key))
      fail(`property ${prefix}${key} is not supported by the local cloud`);
  }
}

function objectAt(
  parent: Readonly<Record<string, unknown>>,
  key: string,
  fail: (message: string) => never,
  prefix = '',
): Record<string, unknown> {
  const value = parent[key];
  return value === undefined ? {} : asObject(value, `${prefix}${key}`, fail);
}

function asObject(value: unknown, where: string, fail: (message: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`${where} must be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

function integerAt(
  parameters: Record<string, unknown>,
  key: string,
  fallback: number,
  min: number,
  max: number,
  fail: (message: string) => never,
): number {
  const raw = parameters[key];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(
      `SourceParameters.SqsQueueParameters.${key} must be an integer from ${min} to ${max}, got ${show(raw)}`,
    );
  }
  return value;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
