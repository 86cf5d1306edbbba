import { defineResourceType, physicalName } from './resource-type.ts';

/** How Lambda handles a function's asynchronous invocations (AWS::Lambda::EventInvokeConfig). */
export interface AsyncInvokeConfigSpec {
  readonly stackName: string;
  readonly functionName: string;
  readonly maximumRetryAttempts: number | undefined;
  readonly maximumEventAgeSeconds: number | undefined;
  /** An SQS queue ARN that gets the invocation record once every attempt failed. */
  readonly onFailureArn: string | undefined;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-eventinvokeconfig.html */
export const LAMBDA_EVENT_INVOKE_CONFIG = defineResourceType({
  type: 'AWS::Lambda::EventInvokeConfig',
  nameProperty: undefined,
  supported: ['FunctionName', 'Qualifier', 'MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig'],
  accepted: [],
  ref: physicalName,
  attributes: {},
  topology: {
    collection: 'asyncInvokeConfigs',
    build: (resource, { stackName }): AsyncInvokeConfigSpec => {
      const { properties } = resource;
      const destination = (properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
        ?.OnFailure?.Destination;
      if (destination !== undefined && !String(destination).startsWith('arn:aws:sqs:')) {
        resource.fail('only SQS queues are supported as on-failure destinations locally');
      }
      return {
        stackName,
        functionName: String(properties.FunctionName),
        maximumRetryAttempts:
          properties.MaximumRetryAttempts === undefined ? undefined : Number(properties.MaximumRetryAttempts),
        maximumEventAgeSeconds:
          properties.MaximumEventAgeInSeconds === undefined ? undefined : Number(properties.MaximumEventAgeInSeconds),
        onFailureArn: destination === undefined ? undefined : String(destination),
      };
    },
  },
});
