import { ValidationError } from '@shop/shared/errors';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import allocatePayload from '../../test/events/stepfunctions/allocate-stock-payload.json' with { type: 'json' };
import compensationPayload from '../../test/events/stepfunctions/cancel-carrier-booking-payload.json' with {
  type: 'json',
};
import { createTestWorld, ORDER_ID } from '../../test/test-world.ts';
import { createSagaTaskHandlers } from './saga-task-handlers.ts';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

function setUp() {
  const world = createTestWorld();
  const handlers = createSagaTaskHandlers(world.tasks);
  const context = lambdaContext('shop-fulfillment-dev-task');
  return { world, handlers, context };
}

describe('saga task handlers', () => {
  it('run a forward step on the saga state the state machine sends and return its record as the Payload', async () => {
    const { handlers, context } = setUp();

    const result = await handlers.allocateStock(allocatePayload, context);

    expect(result).toEqual({ allocationId: 'alc_1', completedAt: '2026-11-24T10:15:40.000Z', replayed: false });
  });

  it('rethrow a step error unchanged, so its name is the error the state machine retries or catches', async () => {
    const { world, handlers, context } = setUp();
    world.faults.set({ failStep: 'ALLOCATE_STOCK' });

    await expect(handlers.allocateStock(allocatePayload, context)).rejects.toMatchObject({
      name: 'InjectedFaultError',
    });
  });

  it('refuse a payload that is not the saga state with a ValidationError (not retried by the definition)', async () => {
    const { handlers, context } = setUp();

    await expect(handlers.bookCarrier({ orderId: ORDER_ID }, context)).rejects.toThrow(ValidationError);
    await expect(handlers.bookCarrier('ord_1', context)).rejects.toThrow(ValidationError);
  });

  it('run a compensation on the saga state a Catch produced (with failure and failedStep)', async () => {
    const { world, handlers, context } = setUp();
    await world.tasks.allocateStock({ orderId: ORDER_ID });
    await world.tasks.bookCarrier({ orderId: ORDER_ID });

    const result = await handlers.cancelCarrierBooking(compensationPayload, context);

    expect(result).toEqual({ step: 'BOOK_CARRIER', outcome: 'UNDONE' });
    expect(world.carrier.cancelled).toHaveLength(1);
  });
});
