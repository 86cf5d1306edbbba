import { defineResourceType, physicalName } from './resource-type.ts';

export interface EventSourceMappingSpec {
  readonly stackName: string;
  readonly functionName: string;
  readonly sourceArn: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maximumConcurrency: number | undefined;
  readonly enabled: boolean;
}

/** SQS sources only. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-eventsourcemapping.html */
export const LAMBDA_EVENT_SOURCE_MAPPING = defineResourceType({
  type: 'AWS::Lambda::EventSourceMapping',
  nameProperty: undefined,
  supported: [
    'EventSourceArn',
    'FunctionName',
    'BatchSize',
    'MaximumBatchingWindowInSeconds',
    'FunctionResponseTypes',
    'Enabled',
    'ScalingConfig',
  ],
  accepted: [],
  ref: physicalName,
  attributes: {},
  topology: {
    collection: 'eventSourceMappings',
    build: (resource, { stackName }): EventSourceMappingSpec => {
      const { properties } = resource;
      const sourceArn = String(properties.EventSourceArn);
      if (!sourceArn.startsWith('arn:aws:sqs:')) resource.fail('only SQS event sources are supported locally');
      const responseTypes = (properties.FunctionResponseTypes ?? []) as string[];
      return {
        stackName,
        functionName: String(properties.FunctionName),
        sourceArn,
        batchSize: Number(properties.BatchSize ?? 10),
        maximumBatchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
        reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
        maximumConcurrency: (properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)
          ?.MaximumConcurrency,
        enabled: properties.Enabled !== false,
      };
    },
  },
});
