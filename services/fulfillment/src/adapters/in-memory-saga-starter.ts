import type { SagaStarter } from '../domain/ports.ts';
import type { SagaInput } from '../domain/saga.ts';

/** Executions in memory, with StartExecution's rule that a name is used once. */
export class InMemorySagaStarter implements SagaStarter {
  readonly executions = new Map<string, SagaInput>();

  async start(executionName: string, input: SagaInput): Promise<'STARTED' | 'ALREADY_STARTED'> {
    if (this.executions.has(executionName)) return 'ALREADY_STARTED';
    this.executions.set(executionName, structuredClone(input));
    return 'STARTED';
  }
}
