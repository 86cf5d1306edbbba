import { AwsError } from '../edge/aws-error.ts';
import { jsonProtocolService } from '../edge/json-protocol.ts';
import type { EdgeService } from '../edge/types.ts';
import type { ExecutionEngine, LoadedStateMachine } from './execution-engine.ts';
import type { ExecutionRecord, ExecutionStatus, ExecutionStore, StoredHistoryEvent } from './execution-store.ts';

const STATUSES: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

/**
 * The Step Functions API (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Operation>`) for the
 * operations the shop and its operators use. State machines come from the stacks, so the
 * management operations (CreateStateMachine, ...) answer `UnknownOperationException`.
 * Timestamps are epoch seconds, as the protocol sends them.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
export function stepFunctionsEdgeService(engine: ExecutionEngine, store: ExecutionStore): EdgeService {
  return jsonProtocolService({
    name: 'Step Functions',
    targetPrefix: 'AWSStepFunctions',
    jsonVersion: '1.0',
    operations: {
      StartExecution: (input) => {
        const started = engine.start({
          stateMachineArn: input.stateMachineArn,
          name: input.name,
          input: input.input,
          traceHeader: input.traceHeader,
        });
        return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
      },
      StopExecution: (input) => {
        const { stopDate } = engine.stop({ executionArn: input.executionArn, error: input.error, cause: input.cause });
        return { stopDate: seconds(stopDate) };
      },
      DescribeExecution: (input) => describeExecution(engine.execution(input.executionArn)),
      ListExecutions: (input) => {
        if (input.mapRunArn !== undefined) {
          throw new AwsError('ValidationException', 'Map Runs (Distributed Map) are not emulated by the local cloud.');
        }
        if (input.stateMachineArn === undefined) {
          throw new AwsError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
        }
        const machine = engine.stateMachine(input.stateMachineArn);
        if (machine.spec.type === 'EXPRESS') {
          throw new AwsError(
            'StateMachineTypeNotSupported',
            'This operation is not supported by this type of state machine',
          );
        }
        const status = input.statusFilter;
        if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status))) {
          throw new AwsError(
            'ValidationException',
            `1 validation error detected: Value '${String(status)}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
          );
        }
        const page = pageOf(input.maxResults, input.nextToken);
        const records = store.list({
          stateMachineArn: machine.spec.arn,
          status: status as ExecutionStatus | undefined,
          offset: page.offset,
          limit: page.limit + 1,
        });
        return {
          executions: records.slice(0, page.limit).map(listItem),
          ...(records.length > page.limit ? { nextToken: tokenOf(page.offset + page.limit) } : {}),
        };
      },
      GetExecutionHistory: (input) => {
        const record = engine.execution(input.executionArn);
        const page = pageOf(input.maxResults, input.nextToken);
        const events = store.history(record.executionArn, {
          reverse: input.reverseOrder === true,
          offset: page.offset,
          limit: page.limit + 1,
        });
        const includeData = input.includeExecutionData !== false;
        return {
          events: events.slice(0, page.limit).map((event) => toWireEvent(event, includeData)),
          ...(events.length > page.limit ? { nextToken: tokenOf(page.offset + page.limit) } : {}),
        };
      },
      ListStateMachines: (input) => {
        const page = pageOf(input.maxResults, input.nextToken);
        const machines = engine.stateMachines();
        return {
          stateMachines: machines.slice(page.offset, page.offset + page.limit).map((machine) => ({
            stateMachineArn: machine.spec.arn,
            name: machine.spec.name,
            type: machine.spec.type,
            creationDate: seconds(machine.creationDate),
          })),
          ...(machines.length > page.offset + page.limit ? { nextToken: tokenOf(page.offset + page.limit) } : {}),
        };
      },
      DescribeStateMachine: (input) => describeStateMachine(engine.stateMachine(input.stateMachineArn)),
      DescribeStateMachineForExecution: (input) => {
        const record = engine.execution(input.executionArn);
        const machine = engine.stateMachine(record.stateMachineArn);
        const { stateMachineArn, name, definition, roleArn, loggingConfiguration, tracingConfiguration } =
          describeStateMachine(machine);
        return {
          stateMachineArn,
          name,
          definition,
          roleArn,
          updateDate: seconds(machine.creationDate),
          loggingConfiguration,
          tracingConfiguration,
        };
      },
    },
  });
}

function describeExecution(record: ExecutionRecord): Record<string, unknown> {
  return {
    ...listItem(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    ...(record.traceHeader === undefined ? {} : { traceHeader: record.traceHeader }),
  };
}

/** An execution as ListExecutions answers it, and the start of its DescribeExecution. */
function listItem(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate === undefined ? {} : { stopDate: seconds(record.stopDate) }),
    redriveCount: 0,
  };
}

function describeStateMachine(machine: LoadedStateMachine) {
  return {
    stateMachineArn: machine.spec.arn,
    name: machine.spec.name,
    status: 'ACTIVE',
    definition: JSON.stringify(machine.spec.definition),
    roleArn: machine.roleArn,
    type: machine.spec.type,
    creationDate: seconds(machine.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

/** Execution data (inputs, outputs) left out when `includeExecutionData` is false. */
const DATA_FIELDS = new Set(['input', 'output', 'inputDetails', 'outputDetails', 'parameters']);

function toWireEvent(event: StoredHistoryEvent, includeData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...event, timestamp: seconds(event.timestamp) };
  if (includeData) return wire;
  for (const [key, value] of Object.entries(wire)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    wire[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !DATA_FIELDS.has(field)));
  }
  return wire;
}

/** `maxResults` 0 means the default page (100); more than 1000 is a validation error. */
function pageOf(maxResults: unknown, nextToken: unknown): { offset: number; limit: number } {
  const requested = maxResults === undefined || maxResults === null ? 0 : Number(maxResults);
  if (!Number.isInteger(requested) || requested < 0 || requested > 1000) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  return { offset: offsetOf(nextToken), limit: requested === 0 ? 100 : requested };
}

function tokenOf(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function offsetOf(token: unknown): number {
  if (token === undefined || token === null) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to InvalidToken
  }
  throw new AwsError('InvalidToken', `Invalid Token: '${String(token)}'`);
}

function seconds(epochMilliseconds: number): number {
  return epochMilliseconds / 1000;
}
