import { createLogsService } from '../logs/index.ts';
import { HopMaker } from '../observability/hops.ts';
import { LogStore } from '../observability/log-store.ts';
import { Trace } from '../observability/trace.ts';
import type { CloudContext, Observability } from './context.ts';

/**
 * The function log store, CloudWatch Logs with every group the stacks declare (and each
 * function's `/aws/lambda/<name>`, which the framework declares up front), and the trace: one
 * timeline per order, which every service below reports its hops to.
 */
export function wireObservability(context: CloudContext): Observability {
  const { topology, dataDir, region, accountId } = context;
  const logs = new LogStore(dataDir);
  const cloudWatchLogs = createLogsService({ dataDir, region, accountId });
  context.onStop(() => cloudWatchLogs.close());
  const trace = new Trace(dataDir);
  context.onStop(() => trace.close());
  for (const group of topology.logGroups) cloudWatchLogs.declareGroup(group.name, group.retentionInDays);
  for (const fn of topology.functions) cloudWatchLogs.declareGroup(`/aws/lambda/${fn.name}`, undefined);
  context.edge.register(cloudWatchLogs.edge);
  const groupNames = new Map(topology.logGroups.map((group) => [group.arn, group.name]));
  return {
    logs,
    cloudWatchLogs,
    trace,
    hops: new HopMaker(topology),
    recordHop: (hop) => {
      if (!hop) return;
      try {
        trace.record(hop);
      } catch (error) {
        console.error(`trace: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    logGroupName: (arn) => groupNames.get(arn),
  };
}
