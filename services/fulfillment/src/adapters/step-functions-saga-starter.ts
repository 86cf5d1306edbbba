import { ExecutionAlreadyExists, StartExecutionCommand, type StartExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { SagaStarter } from '../domain/ports.ts';
import type { SagaInput } from '../domain/saga.ts';

/** The one Step Functions client method the starter calls; `SFNClient` satisfies it. */
export interface StartExecutionClient {
  send(command: StartExecutionCommand): Promise<StartExecutionCommandOutput>;
}

/**
 * Starts the saga with StartExecution, the execution named after the order. For a Standard
 * state machine a name is unique for 90 days: the same name with the same input while the
 * execution runs returns the original answer; a different input, or a closed execution,
 * answers `ExecutionAlreadyExists`. Both mean "this order's saga exists", so both succeed.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export class StepFunctionsSagaStarter implements SagaStarter {
  readonly #client: StartExecutionClient;
  readonly #stateMachineArn: string;

  constructor(client: StartExecutionClient, stateMachineArn: string) {
    this.#client = client;
    this.#stateMachineArn = stateMachineArn;
  }

  async start(executionName: string, input: SagaInput): Promise<'STARTED' | 'ALREADY_STARTED'> {
    try {
      await this.#client.send(
        new StartExecutionCommand({
          stateMachineArn: this.#stateMachineArn,
          name: executionName,
          input: JSON.stringify(input),
        }),
      );
      return 'STARTED';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'ALREADY_STARTED';
      throw error;
    }
  }
}
