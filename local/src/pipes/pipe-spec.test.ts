import { describe, expect, it } from 'vitest';
import { type PipeDefinition, parsePipeDefinition } from './pipe-spec.ts';

const SOURCE = 'arn:aws:sqs:eu-west-1:000000000000:shop-notifications-local-events';
const ENRICH = 'arn:aws:lambda:eu-west-1:000000000000:function:shop-notifications-local-enrichNotification';
const TARGET = 'arn:aws:lambda:eu-west-1:000000000000:function:shop-notifications-local-sendNotification';

function definition(properties: Record<string, unknown>, name = 'notifications'): PipeDefinition {
  return {
    stackName: 'shop-notifications-local',
    logicalId: 'NotificationPipe',
    name,
    arn: `arn:aws:pipes:eu-west-1:000000000000:pipe/${name}`,
    properties: { Source: SOURCE, Target: TARGET, ...properties },
  };
}

const parse = (properties: Record<string, unknown>, name?: string) => () =>
  parsePipeDefinition(definition(properties, name));

describe('parsePipeDefinition', () => {
  it('applies the SQS source defaults: batch size 10, no batching window, running, request-response', () => {
    const spec = parsePipeDefinition(definition({ RoleArn: 'arn:aws:iam::000000000000:role/pipe', Tags: { a: 'b' } }));

    expect(spec).toMatchObject({
      sourceArn: SOURCE,
      batchSize: 10,
      maximumBatchingWindowSeconds: 0,
      filter: undefined,
      enrichment: undefined,
      target: { arn: TARGET, invocationType: 'REQUEST_RESPONSE', inputTemplate: undefined },
      desiredState: 'RUNNING',
    });
  });

  it('reads the batch settings, the enrichment and its input template', () => {
    const spec = parsePipeDefinition(
      definition({
        SourceParameters: { SqsQueueParameters: { BatchSize: '5', MaximumBatchingWindowInSeconds: 2 } },
        Enrichment: ENRICH,
        EnrichmentParameters: { InputTemplate: '{"id": <$.messageId>}' },
      }),
    );

    expect(spec).toMatchObject({
      batchSize: 5,
      maximumBatchingWindowSeconds: 2,
      enrichment: { arn: ENRICH, inputTemplate: '{"id": <$.messageId>}' },
    });
  });

  it('names an unsupported top-level property', () => {
    expect(parse({ KmsKeyIdentifier: 'alias/pipes' })).toThrow(
      'Stack shop-notifications-local: AWS::Pipes::Pipe NotificationPipe (notifications): property KmsKeyIdentifier is not supported by the local cloud',
    );
  });

  it('names a log destination other than CloudWatch Logs', () => {
    expect(parse({ LogConfiguration: { Level: 'ERROR', S3LogDestination: { BucketName: 'b' } } })).toThrow(
      'property LogConfiguration.S3LogDestination is not supported',
    );
  });

  it('names an unsupported source parameter', () => {
    expect(parse({ SourceParameters: { KinesisStreamParameters: { StartingPosition: 'LATEST' } } })).toThrow(
      'property SourceParameters.KinesisStreamParameters is not supported',
    );
  });

  it('names an unsupported target parameter', () => {
    expect(parse({ TargetParameters: { SqsQueueParameters: { MessageGroupId: 'g' } } })).toThrow(
      'property TargetParameters.SqsQueueParameters is not supported',
    );
  });

  it('refuses a source that is not an SQS queue', () => {
    expect(parse({ Source: 'arn:aws:kinesis:eu-west-1:000000000000:stream/orders' })).toThrow(
      /Source must be an SQS queue ARN/,
    );
  });

  it('refuses a target that is not a Lambda function', () => {
    expect(parse({ Target: 'arn:aws:states:eu-west-1:000000000000:stateMachine:saga' })).toThrow(
      /Target must be a Lambda function ARN/,
    );
  });

  it('refuses a batch size outside 1..10000', () => {
    expect(parse({ SourceParameters: { SqsQueueParameters: { BatchSize: 0 } } })).toThrow(
      'SourceParameters.SqsQueueParameters.BatchSize must be an integer from 1 to 10000, got 0',
    );
  });

  it('refuses a batching window over 300 seconds', () => {
    expect(parse({ SourceParameters: { SqsQueueParameters: { MaximumBatchingWindowInSeconds: 301 } } })).toThrow(
      /MaximumBatchingWindowInSeconds must be an integer from 0 to 300/,
    );
  });

  it('refuses an unknown invocation type', () => {
    expect(parse({ TargetParameters: { LambdaFunctionParameters: { InvocationType: 'EVENT' } } })).toThrow(
      /InvocationType must be REQUEST_RESPONSE or FIRE_AND_FORGET/,
    );
  });

  it('refuses enrichment parameters without an enrichment', () => {
    expect(parse({ EnrichmentParameters: { InputTemplate: '{}' } })).toThrow(
      'EnrichmentParameters is set but there is no Enrichment',
    );
  });

  it('refuses an invalid event pattern with EventBridge`s reason', () => {
    expect(parse({ SourceParameters: { FilterCriteria: { Filters: [{ Pattern: '{"body": "x"}' }] } } })).toThrow(
      /FilterCriteria: Filters\[0\]\.Pattern: Event pattern is not valid/,
    );
  });

  it('refuses a pattern given as an object instead of a JSON string', () => {
    expect(parse({ SourceParameters: { FilterCriteria: { Filters: [{ Pattern: { body: ['x'] } }] } } })).toThrow(
      /Filters\[0\]\.Pattern must be a JSON string/,
    );
  });

  it('refuses more than five filters', () => {
    const filters = Array.from({ length: 6 }, () => ({ Pattern: '{"body": ["x"]}' }));
    expect(parse({ SourceParameters: { FilterCriteria: { Filters: filters } } })).toThrow(/6 filters; at most 5/);
  });

  it('refuses an input template with an unknown variable', () => {
    expect(parse({ TargetParameters: { InputTemplate: '{"rule": <aws.events.rule-arn>}' } })).toThrow(
      /TargetParameters\.InputTemplate: contains invalid placeholder <aws\.events\.rule-arn>/,
    );
  });

  it('refuses a name Pipes would not accept', () => {
    expect(parse({}, 'has spaces')).toThrow(/Name must match/);
  });
});
