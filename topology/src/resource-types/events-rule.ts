import {
  arnOf,
  type DeclaredResource,
  defineResourceType,
  physicalName,
  type ResourceNaming,
} from './resource-type.ts';

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
  /** A FIFO queue target's message group. */
  readonly sqsParameters?: { readonly messageGroupId: string };
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

const TARGET_PROPERTIES = [
  'Id',
  'Arn',
  'Input',
  'InputPath',
  'InputTransformer',
  'RetryPolicy',
  'DeadLetterConfig',
  'RoleArn',
  'SqsParameters',
];

/** A bus given by name or ARN, as `EventBusName` accepts both; no bus is the account's `default` bus. */
export function busNameOf(nameOrArn: unknown): string {
  if (typeof nameOrArn !== 'string' || nameOrArn === '') return 'default';
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

/** `<rule>` on the default bus, `<bus><separator><rule>` on a custom one. */
const qualifiedRuleName = (naming: ResourceNaming, separator: string): string => {
  const bus = busNameOf(naming.property('EventBusName'));
  return bus === 'default' ? physicalName(naming) : `${bus}${separator}${physicalName(naming)}`;
};

/**
 * `Ref` is `<bus>|<rule>` for a rule on a custom bus and the rule's name on the default bus.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html#aws-resource-events-rule-return-values
 */
export const EVENT_RULE = defineResourceType({
  type: 'AWS::Events::Rule',
  nameProperty: 'Name',
  supported: ['Name', 'EventBusName', 'EventPattern', 'ScheduleExpression', 'State', 'Targets'],
  accepted: ['Description', 'RoleArn'],
  ref: (naming) => qualifiedRuleName(naming, '|'),
  attributes: { Arn: (naming) => arnOf('events', naming, `rule/${qualifiedRuleName(naming, '/')}`) },
  topology: { collection: 'rules', build: toRule },
});

function toRule(resource: DeclaredResource, { stackName }: { stackName: string }): RuleSpec {
  const { properties } = resource;
  const targets = ((properties.Targets ?? []) as Array<Record<string, unknown>>).map((target): RuleTargetSpec => {
    for (const key of Object.keys(target)) {
      if (target[key] !== undefined && !TARGET_PROPERTIES.includes(key))
        resource.fail(`target property ${key} is not supported by the local cloud`);
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
      ...(target.SqsParameters === undefined
        ? {}
        : {
            sqsParameters: {
              messageGroupId: String((target.SqsParameters as { MessageGroupId?: unknown }).MessageGroupId ?? ''),
            },
          }),
    };
  });
  const pattern = properties.EventPattern;
  return {
    stackName,
    logicalId: resource.logicalId,
    name: resource.name,
    arn: resource.arn,
    busName: busNameOf(properties.EventBusName),
    eventPattern: typeof pattern === 'string' ? JSON.parse(pattern) : pattern,
    scheduleExpression: properties.ScheduleExpression === undefined ? undefined : String(properties.ScheduleExpression),
    enabled: properties.State !== 'DISABLED',
    targets,
  };
}
