import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStepFunctionsService, type StepFunctionsService, type StepFunctionsServiceOptions } from './index.ts';
import type { InvokeFunctionResult, PutEventsOutput, PutEventsRequestEntry } from './task-integrations.ts';

/** Fixtures for the Step Functions emulator: fake Lambda and EventBridge ports, a saga definition. */

export const REGION = 'eu-west-1';
export const ACCOUNT_ID = '000000000000';
export const SAGA_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:fulfillment`;
export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;

export function createTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'sfn-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export type FakeFunction = (payload: unknown) => InvokeFunctionResult | Promise<InvokeFunctionResult>;

/** Functions by name; records every invocation in order. */
export function createFakeLambda(functions: Record<string, FakeFunction>) {
  const calls: Array<{ functionName: string; payload: unknown }> = [];
  return {
    calls,
    callsTo: (name: string) => calls.filter((call) => call.functionName === name),
    async invokeFunction(functionNameOrArn: string, payload: unknown): Promise<InvokeFunctionResult> {
      const functionName = functionNameOrArn.startsWith('arn:')
        ? (functionNameOrArn.split(':')[6] ?? '')
        : functionNameOrArn;
      const fn = functions[functionName];
      if (!fn) throw new Error(`Function not found: ${functionNameOrArn}`);
      calls.push({ functionName, payload });
      return fn(payload);
    },
  };
}

/** Records PutEvents entries; `failNext` makes the next entries fail as EventBridge reports failures. */
export function createFakeBus() {
  const entries: PutEventsRequestEntry[] = [];
  let failing = 0;
  return {
    entries,
    failNext(count: number) {
      failing = count;
    },
    putEvents(batch: PutEventsRequestEntry[]): PutEventsOutput {
      const results = batch.map((entry) => {
        if (failing > 0) {
          failing--;
          return { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure.' };
        }
        entries.push(entry);
        return { EventId: `event-${entries.length}` };
      });
      return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
    },
  };
}

export const succeed = (payload: unknown): InvokeFunctionResult => ({ ok: true, payload });
export const fail = (errorType: string, errorMessage: string): InvokeFunctionResult => ({
  ok: false,
  errorType,
  errorMessage,
  trace: [`${errorType}: ${errorMessage}`, '    at handler (index.js:1:1)'],
  functionError: 'Unhandled',
});

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const lambdaStep = (functionName: string, resultPath: string, next: string, onError: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionArn(functionName), 'Payload.$': '$' },
  ResultSelector: { 'id.$': '$.Payload.id' },
  ResultPath: resultPath,
  Retry: [{ ErrorEquals: ['CarrierUnavailableError'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 2 }],
  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: onError }],
  Next: next,
});

const compensation = (functionName: string, next: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionArn(functionName), 'Payload.$': '$' },
  ResultPath: null,
  Next: next,
});

/**
 * The fulfillment saga as the shop declares it: three Lambda steps with Retry and Catch, an
 * OrderShipped event on success, compensations in reverse and FulfillmentFailed on failure.
 */
export const SAGA_DEFINITION = {
  Comment: 'Fulfil a paid order: allocate, book a carrier, create a label; compensate in reverse on failure',
  StartAt: 'AllocateStock',
  States: {
    AllocateStock: lambdaStep('allocate-stock', '$.allocation', 'BookCarrier', 'EmitFulfillmentFailed'),
    BookCarrier: lambdaStep('book-carrier', '$.booking', 'CreateLabel', 'ReleaseAllocation'),
    CreateLabel: lambdaStep('create-label', '$.label', 'EmitOrderShipped', 'CancelCarrierBooking'),
    EmitOrderShipped: {
      Type: 'Task',
      Resource: 'arn:aws:states:::events:putEvents',
      Parameters: {
        Entries: [
          {
            EventBusName: 'shop-local',
            Source: 'shop.fulfillment',
            DetailType: 'OrderShipped',
            Detail: { 'orderId.$': '$.orderId', 'shipmentId.$': '$.booking.id', 'trackingNumber.$': '$.label.id' },
          },
        ],
      },
      ResultPath: null,
      End: true,
    },
    CancelCarrierBooking: compensation('cancel-carrier-booking', 'ReleaseAllocation'),
    ReleaseAllocation: compensation('release-allocation', 'EmitFulfillmentFailed'),
    EmitFulfillmentFailed: {
      Type: 'Task',
      Resource: 'arn:aws:states:::events:putEvents',
      Parameters: {
        Entries: [
          {
            EventBusName: 'shop-local',
            Source: 'shop.fulfillment',
            DetailType: 'FulfillmentFailed',
            Detail: { 'orderId.$': '$.orderId', 'reason.$': '$.error.Error' },
          },
        ],
      },
      ResultPath: null,
      Next: 'Failed',
    },
    Failed: { Type: 'Fail', Error: 'FulfillmentFailed', Cause: 'A step failed after its retries' },
  },
};

export const SAGA_FUNCTIONS = [
  'allocate-stock',
  'book-carrier',
  'create-label',
  'cancel-carrier-booking',
  'release-allocation',
] as const;

/** Every saga function answers with an id; `overrides` replaces some. */
export function sagaFunctions(overrides: Partial<Record<string, FakeFunction>> = {}): Record<string, FakeFunction> {
  return Object.fromEntries(
    SAGA_FUNCTIONS.map((name) => [name, overrides[name] ?? (() => succeed({ id: `${name}-1` }))]),
  );
}

export function startService(
  options: Partial<StepFunctionsServiceOptions> & Pick<StepFunctionsServiceOptions, 'dataDir' | 'invokeFunction'>,
): StepFunctionsService {
  return createStepFunctionsService({
    region: REGION,
    accountId: ACCOUNT_ID,
    stateMachines: [
      {
        stackName: 'shop-fulfillment-local',
        logicalId: 'FulfillmentStepFunctionsStateMachine',
        name: 'fulfillment',
        arn: SAGA_ARN,
        type: 'STANDARD',
        definition: SAGA_DEFINITION,
      },
    ],
    putEvents: () => ({ FailedEntryCount: 0, Entries: [] }),
    ...options,
  });
}
