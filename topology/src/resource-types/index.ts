/**
 * The registry of resource types the local cloud runs: adding a type is one module here. The
 * topology's collections (`queues`, `rules`, ...) follow from this list, typed by each module.
 */
import { HTTP_API } from './apigateway-http-api.ts';
import { CUSTOM_RESOURCE, isCustomResourceType } from './cloudformation-custom-resource.ts';
import { CLOUDWATCH_ALARM } from './cloudwatch-alarm.ts';
import { CLOUDWATCH_DASHBOARD } from './cloudwatch-dashboard.ts';
import { COGNITO_USER_POOL } from './cognito-user-pool.ts';
import { COGNITO_USER_POOL_CLIENT } from './cognito-user-pool-client.ts';
import { DYNAMODB_TABLE } from './dynamodb-table.ts';
import { EVENT_ARCHIVE } from './events-archive.ts';
import { EVENT_BUS } from './events-event-bus.ts';
import { EVENT_RULE } from './events-rule.ts';
import { IAM_ROLE } from './iam-role.ts';
import { LAMBDA_EVENT_INVOKE_CONFIG } from './lambda-event-invoke-config.ts';
import { LAMBDA_EVENT_SOURCE_MAPPING } from './lambda-event-source-mapping.ts';
import { LAMBDA_FUNCTION, LAMBDA_PERMISSION } from './lambda-function.ts';
import { LOG_GROUP, LOGS_RESOURCE_POLICY } from './logs-log-group.ts';
import { PIPE } from './pipes-pipe.ts';
import type { ResourceType } from './resource-type.ts';
import { S3_BUCKET, S3_BUCKET_POLICY } from './s3-bucket.ts';
import { SQS_QUEUE, SQS_QUEUE_POLICY } from './sqs-queue.ts';
import { STATE_MACHINE } from './stepfunctions-state-machine.ts';

const REGISTERED = [
  EVENT_BUS,
  EVENT_ARCHIVE,
  EVENT_RULE,
  SQS_QUEUE,
  SQS_QUEUE_POLICY,
  S3_BUCKET,
  S3_BUCKET_POLICY,
  DYNAMODB_TABLE,
  LAMBDA_FUNCTION,
  LAMBDA_PERMISSION,
  LAMBDA_EVENT_SOURCE_MAPPING,
  LAMBDA_EVENT_INVOKE_CONFIG,
  LOG_GROUP,
  LOGS_RESOURCE_POLICY,
  IAM_ROLE,
  STATE_MACHINE,
  PIPE,
  COGNITO_USER_POOL,
  COGNITO_USER_POOL_CLIENT,
  CLOUDWATCH_ALARM,
  CLOUDWATCH_DASHBOARD,
  HTTP_API,
  CUSTOM_RESOURCE,
] as const;

type Registered = (typeof REGISTERED)[number];

type CollectionOf<M> =
  M extends ResourceType<infer C, infer S>
    ? [C] extends [never]
      ? Record<never, never>
      : { readonly [K in C]: readonly S[] }
    : never;

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void
  ? I
  : never;

/** Every collection a registered type adds to, with the spec type its module builds. */
export type ResourceCollections = UnionToIntersection<CollectionOf<Registered>>;

export type CollectionName = keyof ResourceCollections;

const BY_TYPE = new Map<string, ResourceType<string, unknown>>(
  REGISTERED.map((type) => [type.type, type as ResourceType<string, unknown>]),
);

/** The module for a CloudFormation type (`Custom::*` is the custom resource's), or undefined if not emulated. */
export function resourceTypeOf(type: string): ResourceType<string, unknown> | undefined {
  return (
    BY_TYPE.get(type) ?? (isCustomResourceType(type) ? (CUSTOM_RESOURCE as ResourceType<string, unknown>) : undefined)
  );
}

/** An empty collection for every registered type that adds to the topology. */
export function emptyCollections(): { -readonly [K in CollectionName]: unknown[] } {
  const collections: Record<string, unknown[]> = {};
  for (const type of REGISTERED) {
    const collection = (type as ResourceType<string, unknown>).topology?.collection;
    if (collection) collections[collection] = [];
  }
  return collections as { -readonly [K in CollectionName]: unknown[] };
}

export type { CompiledFunction, DeclaredResource, ResourceNaming, ResourceType, StackScope } from './resource-type.ts';
