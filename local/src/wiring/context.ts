/**
 * What every emulated service is wired from: the topology the stacks declare, where state
 * lives, the edge it registers its API on, and what the local cloud does when it stops. Each
 * `wire…` module in this folder builds one service from this context and the services it
 * talks to, so `startLocalCloud` reads as the list of them.
 */

import type { Topology } from '@shop/topology/topology';
import type { LocalCloudOptions } from '../cloud.ts';
import type { EdgeServer } from '../edge/edge-server.ts';
import type { LogsService } from '../logs/index.ts';
import type { HopMaker } from '../observability/hops.ts';
import type { LogStore } from '../observability/log-store.ts';
import type { NewHop, Trace } from '../observability/trace.ts';

export interface CloudContext {
  readonly options: LocalCloudOptions;
  readonly topology: Topology;
  readonly region: string;
  readonly accountId: string;
  readonly dataDir: string;
  readonly edge: EdgeServer;
  readonly edgeUrl: string;
  /** Runs `cleanup` when the cloud stops, in the reverse order of registration. */
  onStop(cleanup: () => Promise<void> | void): void;
  /** True once stopping began: timers of one service must not reach another already stopped. */
  stopping(): boolean;
}

/** Where every service reports what it did: the function logs, CloudWatch Logs, and each order's timeline. */
export interface Observability {
  readonly logs: LogStore;
  readonly cloudWatchLogs: LogsService;
  readonly trace: Trace;
  readonly hops: HopMaker;
  /** Records a hop on its order's timeline; a failure to record is reported, never thrown. */
  recordHop(hop: NewHop | undefined): void;
  /** The name of the log group with this ARN, when the stacks declare it. */
  logGroupName(arn: string): string | undefined;
}
