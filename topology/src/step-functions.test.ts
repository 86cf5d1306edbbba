import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from './cfn-yaml.ts';
import { evaluateIntrinsics } from './intrinsics.ts';
import type { ResourceNaming } from './resource-types/resource-type.ts';
import { readStateMachineDefinition, STATE_MACHINE } from './resource-types/stepfunctions-state-machine.ts';
import { normalizedFunctionName } from './serverless-functions.ts';
import { type CompiledResource, compileStepFunctions } from './step-functions.ts';

/** A service's serverless.yml fragment written the way the fulfillment service declares its saga. */
const FIXTURE = parseCloudFormationYaml(
  `
functions:
  allocateStock:
    handler: src/handlers/allocate-stock.handler
  book-carrier:
    handler: src/handlers/book-carrier.handler
  createLabel:
    handler: src/handlers/create-label.handler
    name: shop-fulfillment-local-label
stepFunctions:
  validate: true
  stateMachines:
    fulfillment:
      name: shop-fulfillment-local-fulfillment
      type: STANDARD
      iamRoleStatements:
        - Effect: Allow
          Action: [lambda:InvokeFunction]
          Resource: [!GetAtt AllocateStockLambdaFunction.Arn]
      definition:
        Comment: Allocate, book, label, then announce the shipment
        StartAt: AllocateStock
        States:
          AllocateStock:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !GetAtt AllocateStockLambdaFunction.Arn
              Payload.$: $
            Retry:
              - ErrorEquals: [Lambda.ServiceException]
                IntervalSeconds: 1
                BackoffRate: 2
                MaxAttempts: 3
            Next: BookCarrier
          BookCarrier:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !GetAtt [book-carrier, Arn]
              Payload.$: $
            Next: CreateLabel
          CreateLabel:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !Ref createLabel
              Payload.$: $
            Next: Pause
          Pause:
            Type: Wait
            Seconds: !Ref PauseSeconds
            Next: EmitOrderShipped
          EmitOrderShipped:
            Type: Task
            Resource: arn:aws:states:::events:putEvents
            Parameters:
              Entries:
                - EventBusName: !ImportValue shop-platform-local-EventBusName
                  Source: shop.fulfillment
                  DetailType: OrderShipped
                  Detail:
                    orderId.$: $.orderId
                    region: '#{AWS::Region}'
            End: true
    audit:
      id: AuditMachine
      definition:
        StartAt: Done
        States:
          Done:
            Type: Pass
            End: true
    nightly-report:
      type: EXPRESS
      role: arn:aws:iam::000000000000:role/reporting
      definition:
        StartAt: Report
        States:
          Report:
            Type: Pass
            Result:
              region: '#{AWS::Region}'
            End: true
`,
  'fixture.yml',
);

const functions = FIXTURE.functions as Record<string, unknown>;
const stepFunctions = FIXTURE.stepFunctions as Record<string, unknown>;

/** Runs the installed serverless-step-functions plugin's own compileStateMachines on the fixture. */
async function compileWithPlugin(): Promise<Record<string, CompiledResource>> {
  const require = createRequire(import.meta.url);
  const plugin = require('serverless-step-functions/lib/deploy/stepFunctions/compileStateMachines.js') as {
    compileStateMachines(this: unknown): Promise<void>;
  };
  const naming = require('serverless-step-functions/lib/naming.js') as Record<string, unknown>;
  const parser = require('serverless-step-functions/lib/yamlParser.js') as Record<string, unknown>;
  const template = { Resources: {} as Record<string, CompiledResource>, Outputs: {} };
  const context = {
    ...naming,
    ...parser,
    serverless: {
      service: {
        service: 'shop-fulfillment',
        provider: { compiledCloudFormationTemplate: template },
        functions: structuredClone(functions),
        stepFunctions: { ...structuredClone(stepFunctions), validate: false },
      },
      classes: { Error },
    },
    provider: {
      getStage: () => 'local',
      naming: {
        getNormalizedFunctionName: normalizedFunctionName,
        getLambdaLogicalId: (key: string) => `${normalizedFunctionName(key)}LambdaFunction`,
      },
    },
  };
  await plugin.compileStateMachines.call(context);
  return template.Resources;
}

function compileLocally(): Record<string, CompiledResource> {
  return compileStepFunctions({
    stackName: 'shop-fulfillment-local',
    service: 'shop-fulfillment',
    stage: 'local',
    stepFunctions,
    functions,
  });
}

describe('compileStepFunctions', () => {
  it('compiles every state machine to the same AWS::StepFunctions::StateMachine the plugin deploys', async () => {
    const plugin = await compileWithPlugin();
    const local = compileLocally();
    const machines = Object.fromEntries(
      Object.entries(local).filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine'),
    );
    expect(Object.keys(machines).sort()).toEqual(Object.keys(plugin).sort());
    for (const [logicalId, resource] of Object.entries(plugin)) {
      expect(machines[logicalId], logicalId).toEqual(resource);
    }
  });

  it('names logical ids as the plugin does: <Key>StepFunctionsStateMachine, or the normalized id or name', () => {
    const local = compileLocally();
    expect(Object.keys(local).sort()).toEqual([
      'AuditMachine',
      'AuditMachineRole',
      'NightlyDashreportStepFunctionsStateMachine',
      'ShopDashfulfillmentDashlocalDashfulfillment',
      'ShopDashfulfillmentDashlocalDashfulfillmentRole',
    ]);
    expect(local.ShopDashfulfillmentDashlocalDashfulfillment?.Properties.StateMachineName).toBe(
      'shop-fulfillment-local-fulfillment',
    );
    expect(local.AuditMachine?.Properties).not.toHaveProperty('StateMachineName');
  });

  it('creates the execution role the state machine refers to unless a role is given', () => {
    const local = compileLocally();
    expect(local.AuditMachine?.Properties.RoleArn).toEqual({ 'Fn::GetAtt': ['AuditMachineRole', 'Arn'] });
    expect(local.AuditMachineRole?.Type).toBe('AWS::IAM::Role');
    expect(local.NightlyDashreportStepFunctionsStateMachine?.Properties.RoleArn).toBe(
      'arn:aws:iam::000000000000:role/reporting',
    );
    expect(local).not.toHaveProperty('NightlyDashreportStepFunctionsStateMachineRole');
  });

  it('leaves intrinsics for the loader, which resolves them into a runnable definition', () => {
    const local = compileLocally();
    const resources: Record<string, { arn: string; name: string }> = {
      AllocateStockLambdaFunction: {
        arn: 'arn:aws:lambda:eu-west-1:000000000000:function:shop-fulfillment-local-allocateStock',
        name: 'shop-fulfillment-local-allocateStock',
      },
      BookDashcarrierLambdaFunction: {
        arn: 'arn:aws:lambda:eu-west-1:000000000000:function:shop-fulfillment-local-book-carrier',
        name: 'shop-fulfillment-local-book-carrier',
      },
      PauseSeconds: { arn: '', name: '5' },
    };
    const context = {
      stackName: 'shop-fulfillment-local',
      region: 'eu-west-1',
      accountId: '000000000000',
      ref: (logicalId: string) => resources[logicalId]?.name ?? '',
      getAtt: (logicalId: string) => resources[logicalId]?.arn ?? '',
      importValue: (name: string) => (name === 'shop-platform-local-EventBusName' ? 'shop-local' : ''),
    };
    const machine = local.ShopDashfulfillmentDashlocalDashfulfillment;
    const properties = evaluateIntrinsics(machine?.Properties, context, 'machine') as Record<string, unknown>;
    const { type, definition } = readStateMachineDefinition(properties, 'machine');
    const states = definition.States as Record<string, { Parameters?: Record<string, unknown>; Seconds?: unknown }>;

    expect(type).toBe('STANDARD');
    expect(states.AllocateStock?.Parameters?.FunctionName).toBe(resources.AllocateStockLambdaFunction?.arn);
    expect(states.BookCarrier?.Parameters?.FunctionName).toBe(resources.BookDashcarrierLambdaFunction?.arn);
    // A Ref to a function with an explicit name becomes a static ARN, as the plugin writes it.
    expect(states.CreateLabel?.Parameters?.FunctionName).toBe(
      'arn:aws:lambda:eu-west-1:000000000000:function:shop-fulfillment-local-label',
    );
    expect(states.Pause?.Seconds).toBe(5);
    expect(states.EmitOrderShipped?.Parameters?.Entries).toEqual([
      {
        EventBusName: 'shop-local',
        Source: 'shop.fulfillment',
        DetailType: 'OrderShipped',
        Detail: { 'orderId.$': '$.orderId', region: 'eu-west-1' },
      },
    ]);
  });

  it.each([
    [{ events: [{ http: 'POST /start' }] }, /'events' is not supported/],
    [{ alarms: { topics: {} } }, /'alarms' is not supported.*alarms/],
    [{ useExactVersion: true }, /'useExactVersion' is not supported/],
    [{ loggingLevel: 'ALL' }, /'loggingLevel' is not supported/],
    [{ definition: '{"StartAt":"A"}' }, /write the definition as a YAML mapping/],
    [{ type: 'SYNC' }, /type must be STANDARD or EXPRESS/],
  ])('refuses %j naming the state machine', (extra, message) => {
    const block = { stateMachines: { saga: { definition: { StartAt: 'A', States: {} }, ...extra } } };
    expect(() =>
      compileStepFunctions({ stackName: 'svc-local', service: 'svc', stage: 'local', stepFunctions: block }),
    ).toThrow(new RegExp(`Stack svc-local: stepFunctions: state machine saga: .*${message.source}`));
  });

  it('refuses activities and unknown stepFunctions keys', () => {
    const compile = (stepFunctionsBlock: unknown) => () =>
      compileStepFunctions({ stackName: 's', service: 's', stage: 'local', stepFunctions: stepFunctionsBlock });
    expect(compile({ stateMachines: {}, activities: ['approve'] })).toThrow(/activities are not supported/);
    expect(compile({ stateMachines: {}, schedules: {} })).toThrow(/'schedules' is not supported/);
  });
});

describe('STATE_MACHINE', () => {
  const naming = (name: string | undefined): ResourceNaming => ({
    region: 'eu-west-1',
    accountId: '000000000000',
    stackName: 'shop-fulfillment-local',
    logicalId: 'FulfillmentStepFunctionsStateMachine',
    edgeUrl: 'http://127.0.0.1:4566',
    name,
    property: () => undefined,
  });

  it('answers Ref with the ARN and GetAtt with Arn and Name, as CloudFormation does', () => {
    const named = naming('shop-fulfillment-local-fulfillment');
    const arn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:shop-fulfillment-local-fulfillment';
    expect(STATE_MACHINE.ref(named)).toBe(arn);
    expect(STATE_MACHINE.attributes.Arn?.(named)).toBe(arn);
    expect(STATE_MACHINE.attributes.Name?.(named)).toBe('shop-fulfillment-local-fulfillment');
  });

  it('names an unnamed state machine <stack>-<LogicalId>, stable across restarts', () => {
    expect(STATE_MACHINE.attributes.Name?.(naming(undefined))).toBe(
      'shop-fulfillment-local-FulfillmentStepFunctionsStateMachine',
    );
  });
});

describe('readStateMachineDefinition', () => {
  it('applies DefinitionSubstitutions to a raw CloudFormation state machine', () => {
    const { type, definition } = readStateMachineDefinition(
      {
        StateMachineType: 'EXPRESS',
        DefinitionString: `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\${Fn}","End":true}}}`,
        DefinitionSubstitutions: { Fn: 'arn:aws:lambda:eu-west-1:000000000000:function:f' },
      },
      'machine',
    );
    expect(type).toBe('EXPRESS');
    expect((definition.States as Record<string, { Resource: string }>).A?.Resource).toBe(
      'arn:aws:lambda:eu-west-1:000000000000:function:f',
    );
  });

  it('refuses a definition that is not JSON, naming the resource', () => {
    expect(() => readStateMachineDefinition({ DefinitionString: '{oops' }, 'Stack s: Machine')).toThrow(
      /Stack s: Machine: the definition is not valid JSON/,
    );
  });
});
