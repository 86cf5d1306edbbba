import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../edge/aws-error.ts';
import { createStepFunctionsService, type StepFunctionsService } from './index.ts';
import {
  ACCOUNT_ID,
  createFakeBus,
  createFakeLambda,
  createTempDir,
  deferred,
  fail,
  functionArn,
  REGION,
  SAGA_ARN,
  sagaFunctions,
  startService,
  succeed,
} from './test-support.ts';

const ORDER = JSON.stringify({ orderId: 'order-1' });

let dir: ReturnType<typeof createTempDir>;
const services: StepFunctionsService[] = [];
const track = (service: StepFunctionsService) => {
  services.push(service);
  return service;
};

beforeEach(() => {
  dir = createTempDir();
});

afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  dir.remove();
});

function awsErrorOf(action: () => unknown): AwsError {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError');
}

describe('Step Functions service: running the fulfillment saga', () => {
  it('runs the three steps in order and announces the shipment through PutEvents', async () => {
    const lambda = createFakeLambda(sagaFunctions());
    const bus = createFakeBus();
    const service = track(
      startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction, putEvents: bus.putEvents }),
    );

    const { executionArn } = service.startExecution(SAGA_ARN, ORDER, 'order-1');
    await service.drain();

    expect(lambda.calls.map((call) => call.functionName)).toEqual(['allocate-stock', 'book-carrier', 'create-label']);
    expect(lambda.callsTo('create-label')[0]?.payload).toEqual({
      orderId: 'order-1',
      allocation: { id: 'allocate-stock-1' },
      booking: { id: 'book-carrier-1' },
    });
    expect(bus.entries).toEqual([
      {
        EventBusName: 'shop-local',
        Source: 'shop.fulfillment',
        DetailType: 'OrderShipped',
        Detail: JSON.stringify({ orderId: 'order-1', shipmentId: 'book-carrier-1', trackingNumber: 'create-label-1' }),
        // The optimized integration appends the execution and state machine ARNs.
        Resources: [executionArn, SAGA_ARN],
      },
    ]);
    const execution = service.describeExecution(executionArn);
    expect(execution?.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution?.output ?? 'null')).toMatchObject({
      orderId: 'order-1',
      label: { id: 'create-label-1' },
    });
    expect(execution?.stopDate).toBeGreaterThanOrEqual(execution?.startDate ?? Number.POSITIVE_INFINITY);
    expect(service.hasStateMachine(SAGA_ARN)).toBe(true);
    expect(service.hasStateMachine(`${SAGA_ARN}-other`)).toBe(false);
  });

  it('retries a failing step per its Retry, then its Catch runs the compensations in reverse', async () => {
    const lambda = createFakeLambda(
      sagaFunctions({ 'create-label': () => fail('CarrierUnavailableError', 'the carrier API is down') }),
    );
    const bus = createFakeBus();
    const service = track(
      startService({
        dataDir: dir.path,
        invokeFunction: lambda.invokeFunction,
        putEvents: bus.putEvents,
        timing: { retryIntervalMs: 1 },
      }),
    );

    const { executionArn } = service.startExecution(SAGA_ARN, ORDER, 'order-1');
    await service.drain();

    expect(lambda.calls.map((call) => call.functionName)).toEqual([
      'allocate-stock',
      'book-carrier',
      'create-label', // first attempt
      'create-label', // MaxAttempts: 2 retries
      'create-label',
      'cancel-carrier-booking',
      'release-allocation',
    ]);
    const caught = (lambda.callsTo('release-allocation')[0]?.payload ?? {}) as {
      error?: { Error: string; Cause: string };
    };
    expect(caught.error?.Error).toBe('CarrierUnavailableError');
    expect(JSON.parse(caught.error?.Cause ?? '{}')).toMatchObject({
      errorType: 'CarrierUnavailableError',
      errorMessage: 'the carrier API is down',
    });
    expect(bus.entries.map((entry) => [entry.DetailType, entry.Detail])).toEqual([
      ['FulfillmentFailed', JSON.stringify({ orderId: 'order-1', reason: 'CarrierUnavailableError' })],
    ]);
    expect(service.describeExecution(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'FulfillmentFailed',
      cause: 'A step failed after its retries',
    });
  });

  it('does not retry an error its Retry does not name, and catches it at once', async () => {
    const lambda = createFakeLambda(sagaFunctions({ 'book-carrier': () => fail('TypeError', 'boom') }));
    const service = track(
      startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction, timing: { retryIntervalMs: 1 } }),
    );

    service.startExecution(SAGA_ARN, ORDER, 'order-1');
    await service.drain();

    expect(lambda.calls.map((call) => call.functionName)).toEqual([
      'allocate-stock',
      'book-carrier',
      'release-allocation',
    ]);
  });

  it('fails a step with Lambda.TooManyRequestsException when the function is throttled', async () => {
    const lambda = createFakeLambda(
      sagaFunctions({
        'allocate-stock': () => ({
          ok: false,
          errorType: 'TooManyRequestsException',
          errorMessage: 'Rate Exceeded.',
          functionError: 'Throttled',
        }),
      }),
    );
    const bus = createFakeBus();
    const service = track(
      startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction, putEvents: bus.putEvents }),
    );

    service.startExecution(SAGA_ARN, ORDER, 'order-1');
    await service.drain();

    expect(JSON.parse(bus.entries[0]?.Detail ?? '{}')).toEqual({
      orderId: 'order-1',
      reason: 'Lambda.TooManyRequestsException',
    });
  });

  it('fails the putEvents step with EventBridge.FailedEntry when an entry is not accepted', async () => {
    const lambda = createFakeLambda(sagaFunctions());
    const bus = createFakeBus();
    bus.failNext(1);
    const service = track(
      startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction, putEvents: bus.putEvents }),
    );

    const { executionArn } = service.startExecution(SAGA_ARN, ORDER, 'order-1');
    await service.drain();

    // EmitOrderShipped has no Catch: the execution fails with the integration's error.
    expect(service.describeExecution(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'EventBridge.FailedEntry',
    });
    expect(JSON.parse(service.describeExecution(executionArn)?.cause ?? '{}')).toMatchObject({ FailedEntryCount: 1 });
  });
});

describe('Step Functions service: timeouts, waits and the Context Object', () => {
  const single = (definition: Record<string, unknown>, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') => ({
    stackName: 's',
    logicalId: 'Single',
    name: 'single',
    arn: `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:single`,
    type,
    definition,
  });
  const SINGLE_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:single`;
  const hang = createFakeLambda({ hang: () => new Promise(() => undefined) });

  it('times a Task out after its TimeoutSeconds with States.Timeout, which a Catch can handle', async () => {
    const service = track(
      createStepFunctionsService({
        dataDir: dir.path,
        region: REGION,
        accountId: ACCOUNT_ID,
        stateMachines: [
          single({
            StartAt: 'Call',
            States: {
              Call: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'hang' },
                TimeoutSeconds: 1,
                Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'GaveUp' }],
                End: true,
              },
              GaveUp: { Type: 'Fail', Error: 'GaveUp' },
            },
          }),
        ],
        invokeFunction: hang.invokeFunction,
        putEvents: createFakeBus().putEvents,
      }),
    );
    const { executionArn } = service.startExecution(SINGLE_ARN, '{}');
    await service.drain();

    expect(service.describeExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'GaveUp' });
    expect(service.describeExecution(executionArn)).not.toHaveProperty('cause', expect.anything());
    const types = service.getExecutionHistory(executionArn).map((event) => event.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskTimedOut',
      'TaskStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
  });

  it("times the execution out after the definition's TimeoutSeconds", async () => {
    const service = track(
      createStepFunctionsService({
        dataDir: dir.path,
        region: REGION,
        accountId: ACCOUNT_ID,
        stateMachines: [
          single({
            TimeoutSeconds: 1,
            StartAt: 'Call',
            States: { Call: { Type: 'Task', Resource: functionArn('hang'), End: true } },
          }),
        ],
        invokeFunction: hang.invokeFunction,
        putEvents: createFakeBus().putEvents,
      }),
    );
    const { executionArn } = service.startExecution(SINGLE_ARN, '{}');
    await service.drain();

    expect(service.describeExecution(executionArn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(service.getExecutionHistory(executionArn).at(-1)).toMatchObject({
      type: 'ExecutionTimedOut',
      executionTimedOutEventDetails: { error: 'States.Timeout' },
    });
  });

  it('shortens Wait states only when told to, and gives states the Context Object', async () => {
    const service = track(
      createStepFunctionsService({
        dataDir: dir.path,
        region: REGION,
        accountId: ACCOUNT_ID,
        stateMachines: [
          single({
            StartAt: 'Hour',
            States: {
              Hour: { Type: 'Wait', Seconds: 3600, Next: 'Context' },
              Context: {
                Type: 'Pass',
                Parameters: {
                  'id.$': '$$.Execution.Id',
                  'name.$': '$$.Execution.Name',
                  'machine.$': '$$.StateMachine.Id',
                },
                End: true,
              },
            },
          }),
        ],
        invokeFunction: hang.invokeFunction,
        putEvents: createFakeBus().putEvents,
        timing: { waitMs: 1 },
      }),
    );
    const { executionArn } = service.startExecution(SINGLE_ARN, '{}', 'ctx');
    await service.drain();

    expect(JSON.parse(service.describeExecution(executionArn)?.output ?? '{}')).toEqual({
      id: executionArn,
      name: 'ctx',
      machine: SINGLE_ARN,
    });
  });
});

describe('Step Functions service: StartExecution', () => {
  it('returns the running execution for the same name and input, and refuses a different input', async () => {
    const gate = deferred<void>();
    const lambda = createFakeLambda(
      sagaFunctions({ 'allocate-stock': () => gate.promise.then(() => succeed({ id: 'a' })) }),
    );
    const service = track(startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction }));

    const first = service.startExecution(SAGA_ARN, ORDER, 'order-1');
    const again = service.startExecution(SAGA_ARN, ORDER, 'order-1');
    const conflict = awsErrorOf(() =>
      service.startExecution(SAGA_ARN, JSON.stringify({ orderId: 'other' }), 'order-1'),
    );

    expect(again).toEqual(first);
    expect(conflict.code).toBe('ExecutionAlreadyExists');
    expect(service.listExecutions({ stateMachineArn: SAGA_ARN })).toHaveLength(1);
    gate.resolve();
    await service.drain();
    expect(lambda.callsTo('allocate-stock')).toHaveLength(1);
  });

  it('refuses the name of a closed execution whatever the input, so a duplicate never runs twice', async () => {
    const lambda = createFakeLambda(sagaFunctions());
    const service = track(startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction }));
    service.startExecution(SAGA_ARN, ORDER, 'order-1');
    await service.drain();

    expect(awsErrorOf(() => service.startExecution(SAGA_ARN, ORDER, 'order-1')).code).toBe('ExecutionAlreadyExists');
    expect(lambda.callsTo('allocate-stock')).toHaveLength(1);
  });

  it.each([
    ['a name with a space', 'InvalidName', SAGA_ARN, '{}', 'order 1'],
    ['a name with a slash', 'InvalidName', SAGA_ARN, '{}', 'order/1'],
    ['a name longer than 80 characters', 'InvalidName', SAGA_ARN, '{}', 'x'.repeat(81)],
    ['input that is not JSON', 'InvalidExecutionInput', SAGA_ARN, '{oops', 'order-1'],
    ['an unknown state machine', 'StateMachineDoesNotExist', `${SAGA_ARN}-nope`, '{}', 'order-1'],
    ['a malformed ARN', 'InvalidArn', 'fulfillment', '{}', 'order-1'],
  ])('refuses %s with %s', (_case, code, arn, input, name) => {
    const service = track(startService({ dataDir: dir.path, invokeFunction: createFakeLambda({}).invokeFunction }));
    expect(awsErrorOf(() => service.startExecution(arn, input, name)).code).toBe(code);
  });

  it('starts a new execution for every EXPRESS start, even with the same name (not idempotent)', async () => {
    const service = track(
      createStepFunctionsService({
        dataDir: dir.path,
        region: REGION,
        accountId: ACCOUNT_ID,
        stateMachines: [
          {
            stackName: 's',
            logicalId: 'Quick',
            name: 'quick',
            arn: `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:quick`,
            type: 'EXPRESS',
            definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
          },
        ],
        invokeFunction: createFakeLambda({}).invokeFunction,
        putEvents: createFakeBus().putEvents,
      }),
    );
    const arn = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:quick`;
    const first = service.startExecution(arn, '{}', 'same');
    const second = service.startExecution(arn, '{}', 'same');
    expect(first.executionArn).not.toBe(second.executionArn);
    expect(first.executionArn).toMatch(/^arn:aws:states:eu-west-1:000000000000:express:quick:same:[0-9a-f-]{36}$/);
    await service.drain();
  });
});

describe('Step Functions service: restarts', () => {
  it('runs a RUNNING execution again from its input when the local cloud starts again', async () => {
    const never = createFakeLambda(sagaFunctions({ 'book-carrier': () => new Promise(() => undefined) }));
    const before = startService({ dataDir: dir.path, invokeFunction: never.invokeFunction });
    const { executionArn, startDate } = before.startExecution(SAGA_ARN, ORDER, 'order-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await before.close();

    const lambda = createFakeLambda(sagaFunctions());
    const bus = createFakeBus();
    const after = track(
      startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction, putEvents: bus.putEvents }),
    );
    await after.drain();

    expect(after.resumed).toEqual([executionArn]);
    expect(lambda.calls.map((call) => call.functionName)).toEqual(['allocate-stock', 'book-carrier', 'create-label']);
    expect(after.describeExecution(executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      startDate: startDate.getTime(),
    });
    const history = after.getExecutionHistory(executionArn);
    expect(history.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(bus.entries).toHaveLength(1);
  });

  it('keeps closed executions across restarts and does not run them again', async () => {
    const lambda = createFakeLambda(sagaFunctions());
    const before = startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction });
    const { executionArn } = before.startExecution(SAGA_ARN, ORDER, 'order-1');
    await before.drain();
    await before.close();

    const after = track(startService({ dataDir: dir.path, invokeFunction: lambda.invokeFunction }));

    expect(after.resumed).toEqual([]);
    expect(after.describeExecution(executionArn)?.status).toBe('SUCCEEDED');
    expect(lambda.calls).toHaveLength(3);
  });
});

describe('Step Functions service: definitions are checked at start-up', () => {
  const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    stackName: 'shop-fulfillment-local',
    logicalId: 'SagaStepFunctionsStateMachine',
    name: 'saga',
    arn: `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:saga`,
    type: 'STANDARD' as const,
    definition: { StartAt: Object.keys(states)[0], States: states, ...extra },
  });
  const create = (definition: ReturnType<typeof machine>, functionExists?: (name: string) => boolean) => () =>
    track(
      createStepFunctionsService({
        dataDir: dir.path,
        region: REGION,
        accountId: ACCOUNT_ID,
        stateMachines: [definition],
        invokeFunction: createFakeLambda({}).invokeFunction,
        putEvents: createFakeBus().putEvents,
        functionExists,
      }),
    );

  it.each([
    [
      'an SQS integration',
      { Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' } },
      /Task resource 'arn:aws:states:::sqs:sendMessage' is not supported/,
    ],
    [
      'a callback',
      { Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'f' } },
      /lambda:invoke.waitForTaskToken' is not supported/,
    ],
    [
      'an activity',
      { Resource: `arn:aws:states:${REGION}:${ACCOUNT_ID}:activity:approve` },
      /activity:approve' is not supported/,
    ],
    [
      'an asynchronous invoke',
      { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', InvocationType: 'Event' } },
      /InvocationType 'Event' is not supported/,
    ],
    ['heartbeats', { Resource: functionArn('f'), HeartbeatSeconds: 10 }, /field 'HeartbeatSeconds' is not supported/],
  ])('refuses %s, naming the stack, the state machine and the state', (_case, task, message) => {
    const definition = machine({ Step: { Type: 'Task', End: true, ...task } });
    expect(create(definition)).toThrow(
      /^Stack shop-fulfillment-local: AWS::StepFunctions::StateMachine SagaStepFunctionsStateMachine \(saga\): state "Step"/,
    );
    expect(create(definition)).toThrow(message);
  });

  it('refuses a Task nested in a Parallel branch the same way', () => {
    const definition = machine({
      Both: {
        Type: 'Parallel',
        End: true,
        Branches: [
          {
            StartAt: 'Inner',
            States: { Inner: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } },
          },
        ],
      },
    });
    expect(create(definition)).toThrow(/state "Inner": Task resource 'arn:aws:states:::sns:publish' is not supported/);
  });

  it('refuses JSONata and Distributed Map', () => {
    const pass = { Only: { Type: 'Pass', End: true } };
    expect(create(machine(pass, { QueryLanguage: 'JSONata' }))).toThrow(/QueryLanguage 'JSONata' is not supported/);
    const distributed = machine({
      Each: {
        Type: 'Map',
        End: true,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
      },
    });
    expect(create(distributed)).toThrow(/Mode 'DISTRIBUTED' is not supported/);
  });

  it('refuses a definition the States language rejects', () => {
    expect(create(machine({ Step: { Type: 'Pass', Next: 'Nowhere' } }))).toThrow(
      /SagaStepFunctionsStateMachine \(saga\): State machine definition is invalid/,
    );
  });

  it('refuses a function that does not exist when given a way to check', () => {
    const definition = machine({
      Step: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: functionArn('ghost') },
        End: true,
      },
    });
    expect(create(definition, () => false)).toThrow(
      /state "Step": function arn:aws:lambda:eu-west-1:000000000000:function:ghost does not exist/,
    );
    expect(create(definition, () => true)).not.toThrow();
  });
});
