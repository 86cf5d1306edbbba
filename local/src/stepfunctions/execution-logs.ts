/**
 * A state machine's `LoggingConfiguration`: its history events, at its level, in its log
 * group, in the shape Step Functions writes them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
import type { StateMachineSpec } from '@shop/topology/topology';
import type { StoredHistoryEvent } from './index.ts';

/** Where one line goes: a group, a stream, the line, its time. */
export type AppendLogLine = (group: string, stream: string, lines: string[], timestamp: number) => void;

/** The writer of every state machine's execution logs; `groupName` resolves a log group's ARN. */
export function executionLogWriter(
  stateMachines: readonly StateMachineSpec[],
  groupName: (arn: string) => string | undefined,
  append: AppendLogLine,
): (stateMachineArn: string, executionArn: string, event: StoredHistoryEvent) => void {
  const executionLogs = new Map(
    stateMachines.flatMap((machine) => {
      const group = machine.logging ? groupName(machine.logging.logGroupArn) : undefined;
      return group && machine.logging
        ? [[machine.arn, { ...machine.logging, group, name: machine.name }] as const]
        : [];
    }),
  );
  return (stateMachineArn, executionArn, event) => {
    const logging = executionLogs.get(stateMachineArn);
    if (!logging) return;
    const logged =
      logging.level === 'ALL' ||
      (logging.level === 'ERROR' && /(Failed|TimedOut|Aborted)$/.test(event.type)) ||
      (logging.level === 'FATAL' && /^Execution(Failed|TimedOut|Aborted)$/.test(event.type));
    if (!logged) return;
    const { id, previousEventId, timestamp, type, ...rest } = event;
    const details = Object.values(rest).find((value) => typeof value === 'object' && value !== null) as
      | Record<string, unknown>
      | undefined;
    const shown = logging.includeExecutionData
      ? details
      : details &&
        Object.fromEntries(
          Object.entries(details).filter(([key]) => !['input', 'output', 'result', 'parameters'].includes(key)),
        );
    const day = new Date(timestamp).toISOString().slice(0, 10);
    append(
      logging.group,
      `states/${logging.name}/${day}/${executionArn.split(':').pop()}`,
      [
        JSON.stringify({
          id: String(id),
          type,
          details: shown ?? {},
          previous_event_id: String(previousEventId),
          event_timestamp: String(timestamp),
          execution_arn: executionArn,
        }),
      ],
      timestamp,
    );
  };
}
