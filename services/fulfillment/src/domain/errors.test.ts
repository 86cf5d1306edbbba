import { EventValidationError, isRetryable, ValidationError } from '@shop/shared/errors';
import { loadTopology } from '@shop/topology/load-topology';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../../../tests/support/local-cloud.ts';
import * as sagaErrors from './errors.ts';

type Retrier = { ErrorEquals: string[]; MaxAttempts?: number };
type State = { Type: string; Resource?: string; Retry?: Retrier[]; States?: Record<string, State> };

/** One instance of every error a saga task can throw: the fulfillment domain's, and the shared ones it uses. */
function everySagaError(): Error[] {
  const own = Object.values(sagaErrors).map(
    (ErrorClass) => new (ErrorClass as new (...args: string[]) => Error)('ord_1', 'ALLOCATE_STOCK', 'BOOK_CARRIER'),
  );
  return [...own, new ValidationError('bad payload'), new EventValidationError('OrderShipped', ['detail: bad'])];
}

function lambdaTasks(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' && state.Resource === 'arn:aws:states:::lambda:invoke'
      ? [[name, state] as [string, State]]
      : []),
    ...(state.States ? lambdaTasks(state.States) : []),
  ]);
}

describe('the fulfillment state machine', () => {
  it('never retries exactly the errors isRetryable refuses, in every Lambda task', () => {
    const topology = loadTopology({ rootDir: ROOT_DIR, edgeUrl: 'http://127.0.0.1:4566' });
    const machines = topology.stateMachines.filter(({ stackName }) => stackName.startsWith('shop-fulfillment'));
    const notRetried = everySagaError()
      .filter((error) => !isRetryable(error))
      .map((error) => error.name)
      .sort();

    expect(notRetried).toEqual(expect.arrayContaining(['OrderCancelledError', 'ValidationError']));
    expect(machines.length).toBeGreaterThan(0);
    for (const machine of machines) {
      const tasks = lambdaTasks((machine.definition as { States: Record<string, State> }).States);
      expect(tasks.length, machine.name).toBeGreaterThan(5);
      for (const [name, task] of tasks) {
        const never = (task.Retry ?? []).find((retrier) => retrier.MaxAttempts === 0);
        expect([...(never?.ErrorEquals ?? [])].sort(), `${machine.name} ${name}`).toEqual(notRetried);
      }
    }
  });

  it('retries every error a saga task throws that isRetryable allows', () => {
    const retried = everySagaError().filter((error) => isRetryable(error));

    expect(retried.map((error) => error.name).sort()).toEqual(['InjectedFaultError', 'StepContentionError']);
  });
});
