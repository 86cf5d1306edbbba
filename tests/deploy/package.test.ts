import { join } from 'node:path';
import { findStackFiles, loadTopology } from '@shop/topology/load-topology';
import type { Topology } from '@shop/topology/topology';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/local-cloud.ts';
import { type CloudFormationTemplate, packageStack, resourcesOfType } from './package-stacks.ts';

const STAGE = 'ci';
const stacks = findStackFiles(ROOT_DIR).map((file) => file.replace(/\/serverless\.yml$/, ''));
const templates = new Map<string, CloudFormationTemplate>();
let topology: Topology;

beforeAll(async () => {
  // One at a time: each packaging bundles with esbuild and the machine has two cores.
  for (const stack of stacks) templates.set(stack, await packageStack(stack, STAGE));
  topology = loadTopology({ rootDir: ROOT_DIR, stage: STAGE, edgeUrl: 'http://127.0.0.1:4566' });
}, 900_000);

const all = () => [...templates.values()];
const template = (relative: string) => templates.get(join(ROOT_DIR, relative)) as CloudFormationTemplate;

describe('serverless package, offline, for every stack', () => {
  it('packages the platform stack with the bus, its archive and the catch-all audit rule', () => {
    const platform = template('.');

    expect(resourcesOfType(platform, 'AWS::Events::EventBus')).toHaveLength(1);
    expect(resourcesOfType(platform, 'AWS::Events::Archive')).toHaveLength(1);
    const [[, audit] = []] = resourcesOfType(platform, 'AWS::Events::Rule');
    expect(audit?.Properties?.EventPattern).toEqual({ account: [{ Ref: 'AWS::AccountId' }] });
    expect(Object.values(platform.Outputs ?? {}).map((output) => output.Export?.Name)).toEqual(
      expect.arrayContaining(['shop-platform-ci-EventBusName', 'shop-platform-ci-EventBusArn']),
    );
  });

  it('runs every function on nodejs22.x, the runtime the project itself runs on', () => {
    const runtimes = all().flatMap((t) =>
      resourcesOfType(t, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties?.Runtime),
    );

    expect(runtimes.length).toBeGreaterThan(0);
    expect(new Set(runtimes)).toEqual(new Set(['nodejs22.x']));
    expect(process.versions.node.split('.')[0]).toBe('22');
  });

  it('traces every function and the saga with X-Ray, and logs the saga and the pipe to their groups', () => {
    const functions = all().flatMap((t) => resourcesOfType(t, 'AWS::Lambda::Function'));
    for (const [id, fn] of functions) expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
    const [[, saga] = []] = resourcesOfType(template('services/fulfillment'), 'AWS::StepFunctions::StateMachine');
    expect(saga?.Properties?.TracingConfiguration).toEqual({ Enabled: true });
    expect(saga?.Properties?.LoggingConfiguration).toMatchObject({
      Level: 'ERROR',
      IncludeExecutionData: true,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['FulfillmentSagaLogGroup', 'Arn'] } } }],
    });
    const [[, pipe] = []] = resourcesOfType(template('services/notifications'), 'AWS::Pipes::Pipe');
    expect(pipe?.Properties?.LogConfiguration).toMatchObject({
      Level: 'ERROR',
      CloudwatchLogsLogDestination: { LogGroupArn: { 'Fn::GetAtt': ['NotificationPipeLogGroup', 'Arn'] } },
    });
  });

  it('sets a retention on every log group', () => {
    const groups = all().flatMap((t) => resourcesOfType(t, 'AWS::Logs::LogGroup'));

    expect(groups.length).toBeGreaterThan(0);
    for (const [id, group] of groups) expect(group.Properties?.RetentionInDays, id).toBeGreaterThan(0);
  });

  it('gives each function its own role, with no wildcard actions', () => {
    for (const t of all()) {
      const functions = resourcesOfType(t, 'AWS::Lambda::Function');
      const roles = new Set(functions.map(([, fn]) => JSON.stringify(fn.Properties?.Role)));
      expect(roles.size).toBe(functions.length);
      for (const [id, role] of resourcesOfType(t, 'AWS::IAM::Role')) {
        const statements = (
          (role.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: Array<{ Action: unknown }> } }>
        ).flatMap((policy) => policy.PolicyDocument.Statement);
        for (const statement of statements) {
          for (const action of [statement.Action].flat()) expect(String(action), id).not.toMatch(/\*/);
        }
      }
    }
  });

  it('puts a dead-letter queue behind every queue that feeds a function', () => {
    for (const t of all()) {
      for (const [id, mapping] of resourcesOfType(t, 'AWS::Lambda::EventSourceMapping')) {
        const source = mapping.Properties?.EventSourceArn as { 'Fn::GetAtt': [string, string] } | undefined;
        const queueId = source?.['Fn::GetAtt'][0] ?? '';
        const redrive = t.Resources[queueId]?.Properties?.RedrivePolicy as {
          deadLetterTargetArn?: unknown;
          maxReceiveCount?: number;
        };
        expect(redrive?.deadLetterTargetArn, `${id} reads ${queueId}`).toBeDefined();
        expect(mapping.Properties?.FunctionResponseTypes, id).toEqual(['ReportBatchItemFailures']);
      }
    }
  });

  it('gives every event rule target a dead-letter queue for events EventBridge cannot deliver', () => {
    for (const t of all()) {
      for (const [id, rule] of resourcesOfType(t, 'AWS::Events::Rule')) {
        if (rule.Properties?.ScheduleExpression !== undefined) continue;
        const targets = (rule.Properties?.Targets ?? []) as Array<{ Id: string; DeadLetterConfig?: { Arn: unknown } }>;
        for (const target of targets) {
          expect(target.DeadLetterConfig?.Arn, `${id} -> ${target.Id}`).toBeDefined();
        }
      }
    }
  });

  it('gives every function invoked asynchronously by a schedule an on-failure destination', () => {
    for (const t of all()) {
      for (const [id, rule] of resourcesOfType(t, 'AWS::Events::Rule')) {
        if (rule.Properties?.ScheduleExpression === undefined) continue;
        for (const target of rule.Properties.Targets as Array<{ Arn: { 'Fn::GetAtt'?: [string, string] } }>) {
          const functionId = target.Arn['Fn::GetAtt']?.[0];
          const config = resourcesOfType(t, 'AWS::Lambda::EventInvokeConfig').find(
            ([, candidate]) => (candidate.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref === functionId,
          );
          expect(config?.[1].Properties?.DestinationConfig, `${id} -> ${functionId}`).toMatchObject({ OnFailure: {} });
        }
      }
    }
  });

  it('alarms on every dead-letter queue, and on errors and throttles of every function', () => {
    for (const t of all()) {
      const alarms = resourcesOfType(t, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
      const watching = (namespace: string, metric: string, dimension: string, value: unknown) =>
        alarms.filter(
          (alarm) =>
            alarm.Namespace === namespace &&
            alarm.MetricName === metric &&
            JSON.stringify(alarm.Dimensions) === JSON.stringify([{ Name: dimension, Value: value }]),
        );
      const getAttOf = (arn: unknown) => (arn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
      const deadLetterQueues = new Set<string>();
      for (const [, queue] of resourcesOfType(t, 'AWS::SQS::Queue')) {
        const target = getAttOf(
          (queue.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn,
        );
        if (target) deadLetterQueues.add(target);
      }
      for (const [, rule] of resourcesOfType(t, 'AWS::Events::Rule')) {
        for (const target of (rule.Properties?.Targets ?? []) as Array<{ DeadLetterConfig?: { Arn: unknown } }>) {
          const queue = getAttOf(target.DeadLetterConfig?.Arn);
          if (queue) deadLetterQueues.add(queue);
        }
      }
      for (const [, config] of resourcesOfType(t, 'AWS::Lambda::EventInvokeConfig')) {
        const queue = getAttOf(
          (config.Properties?.DestinationConfig as { OnFailure?: { Destination: unknown } })?.OnFailure?.Destination,
        );
        if (queue) deadLetterQueues.add(queue);
      }
      for (const queue of deadLetterQueues) {
        const [alarm] = watching('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', {
          'Fn::GetAtt': [queue, 'QueueName'],
        });
        expect(alarm, queue).toMatchObject({
          Statistic: 'Maximum',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        });
      }
      for (const [id] of resourcesOfType(t, 'AWS::Lambda::Function')) {
        expect(watching('AWS/Lambda', 'Errors', 'FunctionName', { Ref: id }), id).toHaveLength(1);
        expect(watching('AWS/Lambda', 'Throttles', 'FunctionName', { Ref: id }), id).toHaveLength(1);
      }
    }
    expect(all().flatMap((t) => resourcesOfType(t, 'AWS::CloudWatch::Alarm')).length).toBeGreaterThan(50);
  });

  it('routes every alarm to the operators: state changes on the default bus, one rule, an operator mail', () => {
    const alarms = all().flatMap((t) => resourcesOfType(t, 'AWS::CloudWatch::Alarm'));
    for (const [id, alarm] of alarms) {
      // An alarm with its actions disabled still sends its state changes to EventBridge, but
      // nothing here should be silenced by configuration; and no action may mail twice.
      expect(alarm.Properties?.ActionsEnabled, id).not.toBe(false);
      expect(alarm.Properties?.AlarmActions, id).toBeUndefined();
      expect(String(alarm.Properties?.AlarmDescription ?? ''), id).not.toBe('');
      expect(alarm.Properties?.TreatMissingData, id).toBeDefined();
    }
    const notifications = template('services/notifications');
    const operations = resourcesOfType(notifications, 'AWS::Events::Rule').filter(
      ([, rule]) => rule.Properties?.EventBusName === undefined && rule.Properties?.EventPattern !== undefined,
    );
    expect(operations).toHaveLength(1);
    const [[, rule] = []] = operations;
    expect(rule?.Properties?.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
    });
    const targets = rule?.Properties?.Targets as Array<{ Arn: { 'Fn::GetAtt': [string, string] } }>;
    expect(targets.map((target) => target.Arn['Fn::GetAtt'][0])).toEqual(['NotifyOperatorsLambdaFunction']);
  });

  it('keeps a dashboard whose every graph reads a queue, function, state machine or pipe that exists', () => {
    const [[, dashboard] = []] = resourcesOfType(template('.'), 'AWS::CloudWatch::Dashboard');
    expect(dashboard?.Properties?.DashboardBody).toHaveProperty('Fn::Sub');
    const [local] = topology.dashboards;
    const body = JSON.parse(local?.body ?? '{}') as {
      widgets: Array<{ type: string; properties: { metrics?: unknown[][] } }>;
    };
    const names = {
      QueueName: new Set(topology.queues.map((queue) => queue.name)),
      FunctionName: new Set(topology.functions.map((fn) => fn.name)),
      StateMachineArn: new Set(topology.stateMachines.map((machine) => machine.arn)),
      PipeName: new Set(topology.pipes.map((pipe) => pipe.name)),
    };
    const graphed = body.widgets
      .filter((widget) => widget.type === 'metric')
      .flatMap((widget) => widget.properties.metrics ?? []);
    expect(graphed.length).toBeGreaterThan(30);
    for (const metric of graphed) {
      const dimensions = metric.slice(2).filter((part) => typeof part === 'string') as string[];
      for (let index = 0; index + 1 < dimensions.length; index += 2) {
        const known = names[dimensions[index] as keyof typeof names];
        if (known) expect(known.has(dimensions[index + 1] as string), JSON.stringify(metric)).toBe(true);
      }
    }
  });

  it('makes every table on-demand with point-in-time recovery', () => {
    const tables = all().flatMap((t) => resourcesOfType(t, 'AWS::DynamoDB::Table'));

    expect(tables.length).toBeGreaterThan(0);
    for (const [id, table] of tables) {
      expect(table.Properties?.BillingMode, id).toBe('PAY_PER_REQUEST');
      expect(table.Properties?.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('the local cloud reads the same functions, routes, rules, queues and mappings the framework generates', () => {
    for (const [stack, t] of templates) {
      const stackName = topology.stacks.find((summary) => summary.directory === stack)?.stackName;
      const ids = (type: string) =>
        resourcesOfType(t, type)
          .map(([id]) => id)
          .sort();
      const local = <T extends { stackName: string }>(items: readonly T[]) =>
        items.filter((item) => item.stackName === stackName);

      expect(
        local(topology.functions)
          .map((fn) => fn.logicalId)
          .sort(),
        stack,
      ).toEqual(ids('AWS::Lambda::Function'));
      expect(
        local(topology.rules)
          .map((rule) => rule.logicalId)
          .sort(),
        stack,
      ).toEqual(ids('AWS::Events::Rule'));
      expect(
        local(topology.queues)
          .map((queue) => queue.logicalId)
          .sort(),
        stack,
      ).toEqual(ids('AWS::SQS::Queue'));
      expect(
        local(topology.alarms)
          .map((alarm) => alarm.logicalId)
          .sort(),
        stack,
      ).toEqual(ids('AWS::CloudWatch::Alarm'));
      expect(local(topology.eventSourceMappings).length, stack).toBe(ids('AWS::Lambda::EventSourceMapping').length);
      const routeKeys = resourcesOfType(t, 'AWS::ApiGatewayV2::Route')
        .map(([, route]) => route.Properties?.RouteKey)
        .sort();
      expect(
        local(topology.httpRoutes)
          .map((route) => `${route.method} ${route.path}`)
          .sort(),
        stack,
      ).toEqual(routeKeys);
    }
  });
});
