/**
 * What one CloudFormation resource type is to the local cloud, in the manner of LocalStack's
 * resource providers: one module per type declares how the type is named (`Ref`), which
 * attributes `Fn::GetAtt` reads, which properties are emulated (`supported`) or accepted with no
 * local effect (`accepted`: IAM, encryption, tags, backups), and what a declared resource adds to
 * the topology. Any other type or property is a start-up error that names it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */
export interface ResourceNaming {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly edgeUrl: string;
  /** The resource's own naming property, already evaluated (`QueueName`, `Name`, ...), if set. */
  readonly name: string | undefined;
  /** Evaluates another property of the resource when an attribute depends on it. */
  readonly property: (name: string) => unknown;
}

/** A function the framework compiled from a stack's `functions:` block. */
export interface CompiledFunction {
  readonly key: string;
  readonly logicalId: string;
  readonly handler: string;
  readonly entryPath: string;
  readonly exportName: string;
}

/** The stack a resource is declared in, as a resource type's `build` sees it. */
export interface StackScope {
  readonly stackName: string;
  readonly service: string;
  readonly directory: string;
  readonly region: string;
  readonly accountId: string;
  readonly compiledFunctions: readonly CompiledFunction[];
  /** `!Ref` of another resource of the stack. */
  ref(logicalId: string): unknown;
}

/** One declared resource with its properties evaluated (variables and intrinsics resolved). */
export interface DeclaredResource {
  readonly logicalId: string;
  readonly type: string;
  /** The physical name: the naming property, or `<stack>-<LogicalId>` when it is not set. */
  readonly name: string;
  /** `Fn::GetAtt <LogicalId>.Arn`, or `''` for a type without one. */
  readonly arn: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Stops start-up with the stack, type and resource named before the message. */
  fail(message: string): never;
}

export interface ResourceType<C extends string = string, S = unknown> {
  /** `AWS::SQS::Queue`, ... */
  readonly type: string;
  readonly nameProperty: string | undefined;
  readonly supported: readonly string[];
  readonly accepted: readonly string[];
  ref(naming: ResourceNaming): string;
  readonly attributes: Readonly<Record<string, (naming: ResourceNaming) => string>>;
  /** What the resource adds to the topology; absent for types with no local effect (IAM). */
  readonly topology?: {
    readonly collection: C;
    build(resource: DeclaredResource, stack: StackScope): S;
  };
}

/** Keeps a module's collection name and spec type literal, so the topology's type follows from the registry. */
export function defineResourceType<const C extends string, S>(type: ResourceType<C, S>): ResourceType<C, S> {
  return type;
}

/** Without a naming property, CloudFormation generates a name; locally it is `<stack>-<LogicalId>`, stable across restarts. */
export const physicalName = (naming: ResourceNaming): string =>
  naming.name ?? `${naming.stackName}-${naming.logicalId}`;

export const arnOf = (service: string, naming: ResourceNaming, resource: string): string =>
  `arn:aws:${service}:${naming.region}:${naming.accountId}:${resource}`;

/** A type packaged and checked (least privilege) but not enforced locally: IAM roles and resource policies. */
export function policyOnlyType(type: string, accepted: readonly string[]): ResourceType<never, never> {
  return { type, nameProperty: undefined, supported: [], accepted, ref: physicalName, attributes: {} };
}

export const TAGS_AND_DESCRIPTION = ['Tags', 'Description'] as const;
