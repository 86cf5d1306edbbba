import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTopology } from './load-topology.ts';

const EDGE = 'http://127.0.0.1:4566';
let root: string;

function writeRepo(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'loader-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const PLATFORM = `
service: platform
frameworkVersion: '>=3'
provider:
  name: aws
  runtime: nodejs22.x
  region: \${opt:region, 'eu-central-1'}
resources:
  Resources:
    Bus:
      Type: AWS::Events::EventBus
      Properties:
        Name: bus-\${sls:stage}
  Outputs:
    BusName:
      Value: !Ref Bus
      Export:
        Name: platform-\${sls:stage}-BusName
`;

const SERVICE = (extra = '') => `
service: things
frameworkVersion: '>=3'
custom:
  queueName: things-\${sls:stage}-work
provider:
  name: aws
  runtime: nodejs22.x
  region: eu-central-1
  timeout: 7
  environment:
    BUS: !ImportValue platform-\${sls:stage}-BusName
    QUEUE_URL: !Ref WorkQueue
functions:
  work:
    handler: src/work.handler
    environment:
      SUB: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:\${WorkQueue.QueueName}'
    events:
      - sqs:
          arn: !GetAtt WorkQueue.Arn
          batchSize: 5
          functionResponseType: ReportBatchItemFailures
      - httpApi: 'GET /things/{id}'
resources:
  Resources:
    WorkQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: \${self:custom.queueName}
        VisibilityTimeout: 42
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt WorkDlq.Arn
          maxReceiveCount: 3
    WorkDlq:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: things-\${sls:stage}-work-dlq
    Rule:
      Type: AWS::Events::Rule
      Properties:
        EventBusName: !ImportValue platform-\${sls:stage}-BusName
        EventPattern: { source: [things] }
        Targets:
          - Id: q
            Arn: !GetAtt WorkQueue.Arn
${extra}`;

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('loadTopology', () => {
  it('builds functions, queues, mappings, routes and rules from the stacks, resolving variables and intrinsics', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE(),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    const topology = loadTopology({ rootDir: root, edgeUrl: EDGE });

    expect(topology.stage).toBe('local');
    expect(topology.region).toBe('eu-central-1');
    const [fn] = topology.functions;
    expect(fn).toMatchObject({
      name: 'things-local-work',
      logicalId: 'WorkLambdaFunction',
      timeoutSeconds: 7,
      environment: {
        BUS: 'bus-local',
        QUEUE_URL: `${EDGE}/000000000000/things-local-work`,
        SUB: 'arn:aws:sqs:eu-central-1:000000000000:things-local-work',
      },
    });
    expect(topology.queues.find((queue) => queue.name === 'things-local-work')?.attributes).toEqual({
      VisibilityTimeout: '42',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:eu-central-1:000000000000:things-local-work-dlq',
        maxReceiveCount: 3,
      }),
    });
    expect(topology.eventSourceMappings).toEqual([
      expect.objectContaining({
        functionName: 'things-local-work',
        sourceArn: 'arn:aws:sqs:eu-central-1:000000000000:things-local-work',
        batchSize: 5,
        reportBatchItemFailures: true,
      }),
    ]);
    expect(topology.httpRoutes).toEqual([
      expect.objectContaining({ method: 'GET', path: '/things/{id}', functionName: 'things-local-work' }),
    ]);
    expect(topology.rules[0]).toMatchObject({ busName: 'bus-local', eventPattern: { source: ['things'] } });
  });

  it('refuses a resource type it does not emulate, naming the stack, resource and type', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE(`    Topic:\n      Type: AWS::SNS::Topic\n`),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(
      /things-local.*AWS::SNS::Topic Topic: resource type AWS::SNS::Topic is not supported/,
    );
  });

  it('names a FIFO queue without a name as CloudFormation does (.fifo) and reads a rule target’s SqsParameters', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE(
        `    Jobs:\n      Type: AWS::SQS::Queue\n      Properties:\n        FifoQueue: true\n        ContentBasedDeduplication: true\n` +
          `    ToJobs:\n      Type: AWS::Events::Rule\n      Properties:\n        EventPattern: { source: [jobs] }\n        Targets:\n` +
          `          - Id: jobs\n            Arn: !GetAtt Jobs.Arn\n            SqsParameters: { MessageGroupId: all-jobs }\n`,
      ),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    const topology = loadTopology({ rootDir: root, edgeUrl: EDGE });

    const jobs = topology.queues.find((queue) => queue.logicalId === 'Jobs');
    expect(jobs).toMatchObject({
      name: 'things-local-Jobs.fifo',
      arn: 'arn:aws:sqs:eu-central-1:000000000000:things-local-Jobs.fifo',
      attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    });
    const rule = topology.rules.find((candidate) => candidate.logicalId === 'ToJobs');
    expect(rule?.targets[0]).toMatchObject({ arn: jobs?.arn, sqsParameters: { messageGroupId: 'all-jobs' } });
  });

  it('refuses a property it does not emulate instead of ignoring it', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE(
        `    Logs:\n      Type: AWS::Logs::LogGroup\n      Properties:\n        LogGroupName: /x\n        LogGroupClass: INFREQUENT_ACCESS\n`,
      ),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(
      /AWS::Logs::LogGroup Logs: property LogGroupClass is not supported/,
    );
  });

  it('reads an S3 bucket with its lifecycle rules, naming it as CloudFormation does when it has no BucketName', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE(
        `    Documents:\n      Type: AWS::S3::Bucket\n      Properties:\n        LifecycleConfiguration:\n          Rules:\n` +
          `            - { Id: expire, Status: Enabled, Filter: { Prefix: tmp/ }, ExpirationInDays: 7 }\n` +
          `            - { Id: off, Status: Disabled, ExpirationInDays: 1 }\n` +
          `        PublicAccessBlockConfiguration: { BlockPublicAcls: true }\n`,
      ),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    const [bucket] = loadTopology({ rootDir: root, edgeUrl: EDGE }).buckets;

    expect(bucket?.name).toMatch(/^things-local-documents-[0-9a-f]{12}$/);
    expect(bucket).toMatchObject({
      arn: `arn:aws:s3:::${bucket?.name}`,
      lifecycleRules: [{ id: 'expire', prefix: 'tmp/', expirationDays: 7 }],
    });
  });

  it.each([
    [
      'a lifecycle transition',
      'LifecycleConfiguration: { Rules: [{ Status: Enabled, ExpirationInDays: 9, Transitions: [] }] }',
      /Rules\[0\]\.Transitions is not supported/,
    ],
    [
      'a tag filter',
      'LifecycleConfiguration: { Rules: [{ Status: Enabled, ExpirationInDays: 9, Filter: { Tag: { Key: a, Value: b } } }] }',
      /Rules\[0\]\.Filter\.Tag is not supported/,
    ],
    ['versioning', 'VersioningConfiguration: { Status: Enabled }', /property VersioningConfiguration is not supported/],
    ['an invalid name', 'BucketName: Not_Valid', /BucketName "Not_Valid" is not a valid S3 bucket name/],
  ])('refuses a bucket with %s, naming the stack and resource', (_what, properties, message) => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE(
        `    Documents:\n      Type: AWS::S3::Bucket\n      Properties:\n        ${properties}\n`,
      ),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(/things-local/);
    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(message);
  });

  it('refuses a variable source it cannot resolve', () => {
    writeRepo({
      'serverless.yml': PLATFORM.replace(
        'runtime: nodejs22.x',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Serverless variable syntax, not a JS template
        'runtime: nodejs22.x\n  stackTags:\n    secret: ${ssm:/my/param}',
      ),
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(/\$\{ssm:\/my\/param\}.*not support/);
  });

  it('refuses a function event type it does not emulate', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE().replace(
        '      - httpApi:',
        '      - stream: arn:aws:kinesis:x\n      - httpApi:',
      ),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(/event type 'stream'.*not supported/);
  });

  it('names the export nobody provides when a stack imports it', () => {
    writeRepo({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Serverless variable syntax, not a JS template
      'serverless.yml': PLATFORM.replace('platform-${sls:stage}-BusName', 'platform-${sls:stage}-Other'),
      'services/things/serverless.yml': SERVICE(),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(/imports platform-local-BusName/);
  });

  it('refuses a runtime other than the Lambda Node major the project targets', () => {
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': SERVICE().replace(/runtime: nodejs22.x/, 'runtime: nodejs18.x'),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });

    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(/runtime 'nodejs18.x' is not supported/);
  });

  it('takes --enable-source-maps from NODE_OPTIONS and refuses a flag a local environment would ignore', () => {
    const withNodeOptions = (flags: string) =>
      SERVICE().replace('    QUEUE_URL: !Ref WorkQueue', `    QUEUE_URL: !Ref WorkQueue\n    NODE_OPTIONS: ${flags}`);
    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': withNodeOptions('--enable-source-maps'),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });
    expect(loadTopology({ rootDir: root, edgeUrl: EDGE }).functions[0]?.environment.NODE_OPTIONS).toBe(
      '--enable-source-maps',
    );

    writeRepo({
      'serverless.yml': PLATFORM,
      'services/things/serverless.yml': withNodeOptions("'--enable-source-maps --max-old-space-size=100'"),
      'services/things/src/work.ts': 'export const handler = async () => ({});',
    });
    expect(() => loadTopology({ rootDir: root, edgeUrl: EDGE })).toThrow(
      /things-local.*WorkLambdaFunction.*NODE_OPTIONS: --max-old-space-size=100 is not supported/,
    );
  });
});
