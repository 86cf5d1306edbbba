import { ExecutionAlreadyExists, type StartExecutionCommand, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { sagaInput } from '../../test/test-world.ts';
import { StepFunctionsSagaStarter } from './step-functions-saga-starter.ts';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:shop-fulfillment-test-saga';

function clientThat(answer: (command: StartExecutionCommand) => Error | undefined) {
  const sent: StartExecutionCommand['input'][] = [];
  return {
    sent,
    send: async (command: StartExecutionCommand) => {
      sent.push(command.input);
      const error = answer(command);
      if (error) throw error;
      return { executionArn: `${ARN}:x`, startDate: new Date(), $metadata: {} };
    },
  };
}

describe('StepFunctionsSagaStarter', () => {
  it('starts the state machine with the execution name and the saga input as JSON', async () => {
    const client = clientThat(() => undefined);

    const outcome = await new StepFunctionsSagaStarter(client, ARN).start('ord_1', sagaInput('ord_1'));

    expect(outcome).toBe('STARTED');
    expect(client.sent).toEqual([{ stateMachineArn: ARN, name: 'ord_1', input: JSON.stringify(sagaInput('ord_1')) }]);
  });

  it('answers ALREADY_STARTED when Step Functions says ExecutionAlreadyExists', async () => {
    const client = clientThat(() => new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    expect(await new StepFunctionsSagaStarter(client, ARN).start('ord_1', sagaInput('ord_1'))).toBe('ALREADY_STARTED');
  });

  it('rethrows any other error so the message is retried', async () => {
    const client = clientThat(
      () => new StateMachineDoesNotExist({ message: 'State Machine Does Not Exist', $metadata: {} }),
    );

    await expect(new StepFunctionsSagaStarter(client, ARN).start('ord_1', sagaInput('ord_1'))).rejects.toThrow(
      StateMachineDoesNotExist,
    );
  });
});
