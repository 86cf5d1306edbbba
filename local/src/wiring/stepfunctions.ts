import type { EventBus } from '../eventbridge/event-bus.ts';
import { executionLogWriter } from '../stepfunctions/execution-logs.ts';
import { createStepFunctionsService, type StepFunctionsService } from '../stepfunctions/index.ts';
import type { WiredCloudWatch } from './cloudwatch.ts';
import type { CloudContext, Observability } from './context.ts';
import type { WiredLambda } from './lambda.ts';

/**
 * Every state machine of the stacks, run by aws-local-stepfunctions: Lambda tasks on the
 * runtime, `events:putEvents` on the bus, each history event on the order's timeline and, per
 * its LoggingConfiguration, in its log group.
 */
export function wireStepFunctions(
  context: CloudContext,
  deps: { observe: Observability; lambda: WiredLambda; bus: EventBus; cloudWatch: WiredCloudWatch },
): StepFunctionsService {
  const { topology, dataDir, region, accountId, options } = context;
  const { observe, bus } = deps;
  const { runtime } = deps.lambda;
  const writeExecutionLog = executionLogWriter(topology.stateMachines, observe.logGroupName, (...line) =>
    observe.cloudWatchLogs.append(...line),
  );
  const stepFunctions = createStepFunctionsService({
    dataDir,
    region,
    accountId,
    stateMachines: topology.stateMachines,
    invokeFunction: (functionName, payload) => runtime.invoke(functionName, payload),
    putEvents: (entries) => bus.putEvents(entries),
    functionExists: (functionName) => runtime.resolveFunction(functionName) !== undefined,
    onExecutionStatus: (record) => deps.cloudWatch.service.awsMetrics.execution(record),
    onHistoryEvent: (executionArn, event) => {
      const stateMachineArn = executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');
      observe.recordHop(observe.hops.sagaEvent(executionArn, event, stateMachineArn));
      writeExecutionLog(stateMachineArn, executionArn, event);
    },
    ...(options.stepFunctionsTiming ? { timing: options.stepFunctionsTiming } : {}),
  });
  context.onStop(() => stepFunctions.close());
  context.edge.register(stepFunctions.edge);
  return stepFunctions;
}
