import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StateMachineTypeNotSupported,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeServer } from '../edge/edge-server.ts';
import { createStepFunctionsService, type StepFunctionsService } from './index.ts';
import {
  ACCOUNT_ID,
  createFakeBus,
  createFakeLambda,
  createTempDir,
  deferred,
  functionArn,
  REGION,
  SAGA_ARN,
  SAGA_DEFINITION,
  sagaFunctions,
  succeed,
} from './test-support.ts';

const SLOW_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:slow`;
const EXPRESS_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:express`;
const PLAIN_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:plain`;

async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('Step Functions over the JSON 1.0 protocol with the real SDK v3 client', () => {
  const dir = createTempDir();
  const edge = new EdgeServer();
  const gate = deferred<void>();
  let service: StepFunctionsService;
  let sfn: SFNClient;

  beforeAll(async () => {
    const lambda = createFakeLambda({
      ...sagaFunctions(),
      wait: () => gate.promise.then(() => succeed({ id: 'late' })),
      echo: (payload) => succeed({ echoed: payload }),
    });
    service = createStepFunctionsService({
      dataDir: dir.path,
      region: REGION,
      accountId: ACCOUNT_ID,
      stateMachines: [
        {
          stackName: 's',
          logicalId: 'Saga',
          name: 'fulfillment',
          arn: SAGA_ARN,
          type: 'STANDARD',
          definition: SAGA_DEFINITION,
        },
        {
          stackName: 's',
          logicalId: 'Slow',
          name: 'slow',
          arn: SLOW_ARN,
          type: 'STANDARD',
          roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/slow-role`,
          definition: {
            StartAt: 'Hold',
            States: {
              Hold: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'wait' },
                End: true,
              },
            },
          },
        },
        {
          stackName: 's',
          logicalId: 'Plain',
          name: 'plain',
          arn: PLAIN_ARN,
          type: 'STANDARD',
          definition: { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: functionArn('echo'), End: true } } },
        },
        {
          stackName: 's',
          logicalId: 'Express',
          name: 'express',
          arn: EXPRESS_ARN,
          type: 'EXPRESS',
          definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
        },
      ],
      invokeFunction: lambda.invokeFunction,
      putEvents: createFakeBus().putEvents,
    });
    edge.register(service.edge);
    const port = await edge.listen(0);
    sfn = new SFNClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    gate.resolve();
    sfn.destroy();
    await service.close();
    await edge.close();
    dir.remove();
  });

  it('starts an execution and describes its outcome, input and output', async () => {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: SAGA_ARN, name: 'order-1', input: '{"orderId":"order-1"}' }),
    );
    await service.drain();
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    expect(started.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT_ID}:execution:fulfillment:order-1`);
    expect(started.startDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      executionArn: started.executionArn,
      stateMachineArn: SAGA_ARN,
      name: 'order-1',
      status: 'SUCCEEDED',
      input: '{"orderId":"order-1"}',
      startDate: started.startDate,
    });
    expect(JSON.parse(described.output ?? '{}')).toMatchObject({ booking: { id: 'book-carrier-1' } });
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(started.startDate?.getTime() ?? Number.NaN);
  });

  it('answers a duplicate start of a closed execution with ExecutionAlreadyExists', async () => {
    await sfn.send(
      new StartExecutionCommand({ stateMachineArn: SAGA_ARN, name: 'order-dup', input: '{"orderId":"d"}' }),
    );
    await service.drain();
    const error = await rejectionOf(
      sfn.send(new StartExecutionCommand({ stateMachineArn: SAGA_ARN, name: 'order-dup', input: '{"orderId":"d"}' })),
    );
    expect(error).toBeInstanceOf(ExecutionAlreadyExists);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('records the history with the event types and details GetExecutionHistory reports', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: SAGA_ARN, name: 'order-history', input: '{"orderId":"h"}' }),
    );
    await service.drain();
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));

    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      ...['AllocateStock', 'BookCarrier', 'CreateLabel', 'EmitOrderShipped'].flatMap(() => [
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
      ]),
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events[1]?.previousEventId).toBe(1);
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events[0]?.executionStartedEventDetails?.input).toBe('{"orderId":"h"}');
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: REGION,
    });
    expect(JSON.parse(events[2]?.taskScheduledEventDetails?.parameters ?? '{}')).toEqual({
      FunctionName: functionArn('allocate-stock'),
      Payload: { orderId: 'h' },
    });
    expect(JSON.parse(events[4]?.taskSucceededEventDetails?.output ?? '{}')).toMatchObject({
      Payload: { id: 'allocate-stock-1' },
      StatusCode: 200,
    });
    expect(events.at(-5)?.taskScheduledEventDetails).toMatchObject({ resourceType: 'events', resource: 'putEvents' });

    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
    );
    expect(reversed.events?.map((event) => event.type)).toEqual(['ExecutionSucceeded', 'TaskStateExited']);
    const next = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 2,
        nextToken: reversed.nextToken,
      }),
    );
    expect(next.events?.map((event) => event.type)).toEqual(['TaskSucceeded', 'TaskStarted']);

    const withoutData = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(withoutData.events?.[0]?.executionStartedEventDetails).not.toHaveProperty('input');
  });

  it('records a plain function ARN Task as LambdaFunction events, with the raw result', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: PLAIN_ARN, input: '{"a":1}' }),
    );
    await service.drain();
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]?.lambdaFunctionScheduledEventDetails?.resource).toBe(functionArn('echo'));
    expect(described.output).toBe('{"echoed":{"a":1}}');
    expect(described.name).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists executions newest first, filtered by status, a page at a time', async () => {
    const running = await sfn.send(new StartExecutionCommand({ stateMachineArn: SLOW_ARN, name: 'slow-1' }));
    await sfn.send(new StopExecutionCommand({ executionArn: running.executionArn }));
    const open = await sfn.send(new StartExecutionCommand({ stateMachineArn: SLOW_ARN, name: 'slow-2' }));

    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn: SLOW_ARN, maxResults: 1 }));
    const second = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: SLOW_ARN, maxResults: 1, nextToken: first.nextToken }),
    );
    const runningOnly = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: SLOW_ARN, statusFilter: 'RUNNING' }),
    );

    expect(first.executions?.map((execution) => execution.name)).toEqual(['slow-2']);
    expect(second.executions?.map((execution) => [execution.name, execution.status])).toEqual([['slow-1', 'ABORTED']]);
    expect(second.nextToken).toBeUndefined();
    expect(runningOnly.executions?.map((execution) => execution.executionArn)).toEqual([open.executionArn]);
    await sfn.send(new StopExecutionCommand({ executionArn: open.executionArn }));
  });

  it('stops a running execution: ABORTED with the given error and cause, recorded in the history', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: SLOW_ARN, name: 'slow-stop' }),
    );
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'customer called' }),
    );
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
    );

    expect(described).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'customer called' });
    expect(described.stopDate).toEqual(stopped.stopDate);
    expect(events[0]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator', cause: 'customer called' },
    });
  });

  it('describes the declared state machines', async () => {
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: SLOW_ARN }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: PLAIN_ARN }));
    const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    await service.drain();

    expect(listed.stateMachines?.map((machine) => [machine.name, machine.type])).toEqual([
      ['express', 'EXPRESS'],
      ['fulfillment', 'STANDARD'],
      ['plain', 'STANDARD'],
      ['slow', 'STANDARD'],
    ]);
    expect(described).toMatchObject({
      stateMachineArn: SLOW_ARN,
      name: 'slow',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/slow-role`,
    });
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.definition ?? '{}').StartAt).toBe('Hold');
    expect(forExecution.stateMachineArn).toBe(PLAIN_ARN);
  });

  it('answers with the AWS error codes the SDK maps to its exception classes', async () => {
    const unknownMachine = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:missing`;
    const unknownExecution = `arn:aws:states:${REGION}:${ACCOUNT_ID}:execution:fulfillment:missing`;
    const cases: Array<[Promise<unknown>, new (...args: never[]) => Error]> = [
      [sfn.send(new StartExecutionCommand({ stateMachineArn: unknownMachine })), StateMachineDoesNotExist],
      [sfn.send(new StartExecutionCommand({ stateMachineArn: SAGA_ARN, name: 'has space' })), InvalidName],
      [sfn.send(new StartExecutionCommand({ stateMachineArn: SAGA_ARN, input: 'not json' })), InvalidExecutionInput],
      [sfn.send(new DescribeExecutionCommand({ executionArn: unknownExecution })), ExecutionDoesNotExist],
      [sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:nope' })), InvalidArn],
      [sfn.send(new DescribeStateMachineCommand({ stateMachineArn: unknownMachine })), StateMachineDoesNotExist],
      [sfn.send(new ListExecutionsCommand({ stateMachineArn: EXPRESS_ARN })), StateMachineTypeNotSupported],
      [sfn.send(new ListExecutionsCommand({ stateMachineArn: SAGA_ARN, nextToken: '!!' })), InvalidToken],
    ];
    for (const [promise, exception] of cases) {
      expect(await rejectionOf(promise)).toBeInstanceOf(exception);
    }
  });

  it('refuses the history of an EXPRESS execution, which Step Functions does not record', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: EXPRESS_ARN }));
    await service.drain();
    expect(await rejectionOf(sfn.send(new DescribeExecutionCommand({ executionArn })))).toBeInstanceOf(InvalidArn);
    expect(await rejectionOf(sfn.send(new GetExecutionHistoryCommand({ executionArn })))).toBeInstanceOf(InvalidArn);
  });
});
