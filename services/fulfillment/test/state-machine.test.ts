/**
 * The fulfillment saga's definition, exactly as `serverless.yml` declares it, run through
 * `aws-local-stepfunctions` (the interpreter the local cloud uses) with every Lambda task
 * served by the real task handlers on in-memory adapters and every `events:putEvents` task
 * captured. It proves the wiring the unit tests cannot: Retry and Catch per state, the order of
 * the compensations, what each state hands the next (`ResultSelector`/`ResultPath`), and that
 * the events reaching the bus are valid against the catalog.
 */
import { validateEvent } from '@shop/shared/validate-event';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../tests/support/lambda-context.ts';
import { createSagaTaskHandlers } from '../src/adapters/saga-task-handlers.ts';
import { createBuildEventHandler } from '../src/handlers/build-event.ts';
import { readSagaStateMachine } from './serverless-config.ts';
import { createTestWorld, ORDER_ID, PAYMENT_CAPTURED_EVENT_ID, sagaInput } from './test-world.ts';

vi.hoisted(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    FULFILLMENT_TABLE: 'shop-fulfillment-test',
    DOCUMENTS_BUCKET: 'shop-fulfillment-test-documents',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: a Serverless variable, verbatim as serverless.yml writes it
const STAGE = '${sls:stage}';
const machine = readSagaStateMachine();
const definition = machine.definition as unknown as StateMachineDefinition & {
  States: Record<string, Record<string, unknown>>;
};

/** The Lambda task states and the handler each one's FunctionName points at. */
const LAMBDA_TASKS = {
  AllocateStock: 'allocateStock',
  BookCarrier: 'bookCarrier',
  CreateLabel: 'createLabel',
  VoidLabel: 'voidLabel',
  CancelCarrierBooking: 'cancelCarrierBooking',
  ReleaseAllocation: 'releaseAllocation',
  BuildOrderShipped: 'buildEvent',
  BuildFulfillmentFailed: 'buildEvent',
} as const;

interface PutEventsEntry {
  EventBusName: unknown;
  Source: string;
  DetailType: string;
  Detail: string;
}

/** One execution of the saga in a fresh in-memory world; `world` may be shared to re-run. */
async function runSaga(world = createTestWorld(), input = sagaInput()) {
  const handlers = { ...createSagaTaskHandlers(world.tasks), buildEvent: createBuildEventHandler(world.tasks) };
  const invoked: string[] = [];
  const published: PutEventsEntry[] = [];
  const lambdaTask = (state: string, name: keyof typeof handlers) => async (input: unknown) => {
    invoked.push(state);
    const { Payload } = input as { Payload: unknown };
    const result = await handlers[name](Payload, lambdaContext(`shop-fulfillment-test-${name}`));
    // The lambda:invoke integration's output: the function's answer under Payload.
    return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } as never;
  };
  const putEvents = (state: string) => async (input: unknown) => {
    invoked.push(state);
    published.push(...(input as { Entries: PutEventsEntry[] }).Entries);
    return { Entries: [{ EventId: 'eb-1' }], FailedEntryCount: 0 };
  };
  const overrides = {
    taskResourceLocalHandlers: {
      ...Object.fromEntries(Object.entries(LAMBDA_TASKS).map(([state, name]) => [state, lambdaTask(state, name)])),
      PublishOrderShipped: putEvents('PublishOrderShipped'),
      PublishFulfillmentFailed: putEvents('PublishFulfillmentFailed'),
    },
    // Retries keep their count, not their wait: the machine is shared and tests must not sleep.
    retryIntervalOverrides: Object.fromEntries(Object.keys(definition.States).map((state) => [state, 0])),
  };
  const execution = new StateMachine(definition).run(input as never, { overrides });
  const outcome = await execution.result.then(
    (output) => ({ status: 'SUCCEEDED' as const, output }),
    // An ExecutionError's cause is the error the execution failed with (a Fail state's Error).
    (error: unknown) => ({ status: 'FAILED' as const, error: error instanceof Error ? errorNameOf(error.cause) : '' }),
  );
  return { world, invoked, published, outcome };
}

function errorNameOf(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

function detailOf(entry: PutEventsEntry | undefined) {
  if (entry === undefined) throw new Error('nothing was published');
  return JSON.parse(entry.Detail) as { metadata: { eventId: string }; data: Record<string, unknown> };
}

describe('the fulfillment saga state machine', () => {
  it('is a Standard state machine named after the stage, run by its own role', () => {
    expect(machine).toMatchObject({
      name: `shop-fulfillment-${STAGE}-saga`,
      type: 'STANDARD',
      role: { 'Fn::GetAtt': ['FulfillmentSagaRole', 'Arn'] },
    });
  });

  it('gives every Lambda task a Retry with backoff and every forward step a Catch', () => {
    for (const state of Object.keys(LAMBDA_TASKS)) {
      const retriers = definition.States[state]?.Retry as Array<{ ErrorEquals: string[]; BackoffRate?: number }>;
      expect(retriers.at(-1), state).toMatchObject({ ErrorEquals: ['States.ALL'], BackoffRate: 2 });
    }
    for (const state of ['AllocateStock', 'BookCarrier', 'CreateLabel']) {
      expect(definition.States[state]?.Catch, state).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: `${state}Failed` },
      ]);
    }
  });

  it('ships an order: three steps, then OrderShipped on the bus, valid against the catalog', async () => {
    const { invoked, published, outcome } = await runSaga();

    expect(outcome.status).toBe('SUCCEEDED');
    expect(invoked).toEqual([
      'AllocateStock',
      'BookCarrier',
      'CreateLabel',
      'BuildOrderShipped',
      'PublishOrderShipped',
    ]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      EventBusName: { 'Fn::ImportValue': `shop-platform-${STAGE}-EventBusName` },
      Source: 'shop.fulfillment',
      DetailType: 'OrderShipped',
    });
    const detail = validateEvent('OrderShipped', 1, detailOf(published[0]));
    expect(detail.data).toMatchObject({ orderId: ORDER_ID, carrier: 'PARCELNET' });
    expect(detail.metadata).toMatchObject({ correlationId: ORDER_ID, causationId: PAYMENT_CAPTURED_EVENT_ID });
  });

  it('retries a failing step, then compensates what came before it and announces FulfillmentFailed', async () => {
    const world = createTestWorld();
    world.faults.set({ failStep: 'BOOK_CARRIER' });

    const { invoked, published, outcome } = await runSaga(world);

    expect(outcome.status).toBe('SUCCEEDED');
    expect(invoked).toEqual([
      'AllocateStock',
      'BookCarrier',
      'BookCarrier',
      'BookCarrier',
      'CancelCarrierBooking',
      'ReleaseAllocation',
      'BuildFulfillmentFailed',
      'PublishFulfillmentFailed',
    ]);
    expect(validateEvent('FulfillmentFailed', 1, detailOf(published[0])).data).toEqual({
      orderId: ORDER_ID,
      failedStep: 'BOOK_CARRIER',
      reason: 'STEP_FAILED',
    });
    expect((await world.repository.find(ORDER_ID))?.steps.ALLOCATE_STOCK?.undoneAt).toBeDefined();
  });

  it('undoes label, booking and allocation in that order when CREATE_LABEL fails for good', async () => {
    const world = createTestWorld();
    world.faults.set({ failStep: 'CREATE_LABEL' });

    const { invoked, published } = await runSaga(world);

    expect(invoked.slice(invoked.lastIndexOf('CreateLabel') + 1)).toEqual([
      'VoidLabel',
      'CancelCarrierBooking',
      'ReleaseAllocation',
      'BuildFulfillmentFailed',
      'PublishFulfillmentFailed',
    ]);
    expect(world.carrier.cancelled).toHaveLength(1);
    expect(detailOf(published[0]).data).toMatchObject({ failedStep: 'CREATE_LABEL', reason: 'STEP_FAILED' });
  });

  it('stops at once, without retries, when the order was cancelled, announcing ORDER_CANCELLED', async () => {
    const world = createTestWorld();
    await world.repository.recordCancellation(ORDER_ID, {
      recordedAt: '2026-11-24T10:15:35.000Z',
      reason: 'CUSTOMER_REQUEST',
      eventId: '9d1b3f5a-7c2e-4a6b-8e0d-2f4a6c8e0b13',
    });

    const { invoked, published } = await runSaga(world);

    expect(invoked).toEqual([
      'AllocateStock',
      'ReleaseAllocation',
      'BuildFulfillmentFailed',
      'PublishFulfillmentFailed',
    ]);
    expect(detailOf(published[0]).data).toEqual({
      orderId: ORDER_ID,
      failedStep: 'ALLOCATE_STOCK',
      reason: 'ORDER_CANCELLED',
    });
  });

  it('publishes the identical event and ships nothing twice when the whole execution runs again', async () => {
    const world = createTestWorld();
    const first = await runSaga(world);

    const second = await runSaga(world);

    expect(second.outcome.status).toBe('SUCCEEDED');
    expect(detailOf(second.published[0])).toEqual(detailOf(first.published[0]));
    expect((await world.repository.find(ORDER_ID))?.steps.ALLOCATE_STOCK?.allocationId).toBe('alc_1');
  });

  it('goes on with the other compensations when one keeps failing, announces the failure, and ends FAILED', async () => {
    const world = createTestWorld();
    world.faults.set({ failStep: 'CREATE_LABEL' });
    world.carrier.cancel = async () => {
      throw new Error('carrier unreachable');
    };

    const { invoked, published, outcome } = await runSaga(world);

    expect(invoked.filter((state) => state === 'CancelCarrierBooking')).toHaveLength(6);
    expect(invoked).toContain('ReleaseAllocation');
    expect((await world.repository.find(ORDER_ID))?.steps.ALLOCATE_STOCK?.undoneAt).toBeDefined();
    expect(detailOf(published[0]).data).toMatchObject({ failedStep: 'CREATE_LABEL' });
    expect(outcome).toEqual({ status: 'FAILED', error: 'CompensationIncomplete' });
  });
});
