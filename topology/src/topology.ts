import type { ResourceCollections } from './resource-types/index.ts';

/**
 * The topology the local cloud runs: every function, route, bus, rule, queue, mapping and table
 * the stacks declare, with every variable and intrinsic already resolved to plain values.
 * It is built only from the serverless.yml files (see `load-topology.ts`): there is no second
 * wiring list. Its resource collections (`queues`, `rules`, ...) are those of the registered
 * resource types (`resource-types/index.ts`).
 */
export type Topology = TopologyFrame & ResourceCollections;

interface TopologyFrame {
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  readonly stacks: readonly StackSummary[];
  /** The framework's `httpApi` events: one HTTP API per stage, shared by every stack. */
  readonly httpRoutes: readonly HttpRouteSpec[];
}

export interface StackSummary {
  /** `<service>-<stage>`, the CloudFormation stack name the framework deploys. */
  readonly stackName: string;
  readonly service: string;
  readonly directory: string;
  readonly configPath: string;
  readonly exports: Readonly<Record<string, string>>;
}

export interface HttpRouteSpec {
  readonly stackName: string;
  readonly method: string;
  /** `/orders/{id}` as declared. */
  readonly path: string;
  readonly functionName: string;
  /** The route's JWT authorizer, resolved: no authorizer means anyone may call the route. */
  readonly authorizer?: JwtAuthorizerSpec;
}

/** An HTTP API JWT authorizer as a route uses it (`AWS::ApiGatewayV2::Authorizer`, `JWT`, plus the route's scopes). */
export interface JwtAuthorizerSpec {
  readonly name: string;
  /** `$request.header.Authorization`, or another header. */
  readonly identitySource: string;
  readonly issuer: string;
  readonly audience: readonly string[];
  /** The route's `AuthorizationScopes`: the token needs at least one of them, when any are set. */
  readonly scopes: readonly string[];
}

export type { CustomResourceSpec } from './resource-types/cloudformation-custom-resource.ts';
export type { TableSpec } from './resource-types/dynamodb-table.ts';
export type { ArchiveSpec } from './resource-types/events-archive.ts';
export type { BusSpec } from './resource-types/events-event-bus.ts';
export type { RuleSpec, RuleTargetSpec } from './resource-types/events-rule.ts';
export type { AsyncInvokeConfigSpec } from './resource-types/lambda-event-invoke-config.ts';
export type { EventSourceMappingSpec } from './resource-types/lambda-event-source-mapping.ts';
export type { FunctionSpec } from './resource-types/lambda-function.ts';
export type { LogGroupSpec } from './resource-types/logs-log-group.ts';
export type { PipeSpec } from './resource-types/pipes-pipe.ts';
export type { QueueSpec } from './resource-types/sqs-queue.ts';
export type { StateMachineSpec } from './resource-types/stepfunctions-state-machine.ts';
