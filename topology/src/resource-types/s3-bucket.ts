import { createHash } from 'node:crypto';
import { defineResourceType, policyOnlyType, type ResourceNaming } from './resource-type.ts';

/** One lifecycle rule the local S3 applies: current objects under `prefix` expire after `days`. */
export interface LifecycleRule {
  readonly id: string;
  readonly prefix: string;
  readonly expirationDays: number;
}

export interface BucketSpec {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The enabled rules only; a disabled rule is kept in the template and does nothing. */
  readonly lifecycleRules: readonly LifecycleRule[];
}

/**
 * Without `BucketName`, CloudFormation generates `<stack>-<logicalid>-<random>` in lower case;
 * locally the suffix is a digest of the stack and logical id, so the name is stable across restarts.
 */
function bucketName(naming: ResourceNaming): string {
  if (naming.name !== undefined) return naming.name;
  const suffix = createHash('sha256').update(`${naming.stackName}/${naming.logicalId}`).digest('hex').slice(0, 12);
  const base = `${naming.stackName}-${naming.logicalId}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return `${base.slice(0, 63 - suffix.length - 1)}-${suffix}`;
}

/** S3 bucket names: 3-63 characters, lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const RULE_PROPERTIES = new Set(['Id', 'Status', 'ExpirationInDays', 'Prefix', 'Filter']);

function toLifecycleRules(configuration: unknown, fail: (message: string) => never): LifecycleRule[] {
  if (configuration === undefined) return [];
  const rules = (configuration as { Rules?: unknown } | null)?.Rules;
  if (!Array.isArray(rules)) fail('LifecycleConfiguration.Rules must be a list');
  return rules.flatMap((rule: Record<string, unknown>, index): LifecycleRule[] => {
    const at = `LifecycleConfiguration.Rules[${index}]`;
    for (const key of Object.keys(rule)) {
      if (!RULE_PROPERTIES.has(key)) {
        fail(
          `${at}.${key} is not supported by the local cloud (it applies ExpirationInDays with a Prefix or Filter.Prefix)`,
        );
      }
    }
    const filter = rule.Filter as Record<string, unknown> | undefined;
    for (const key of Object.keys(filter ?? {})) {
      if (key !== 'Prefix') fail(`${at}.Filter.${key} is not supported by the local cloud (only Filter.Prefix)`);
    }
    const days = Number(rule.ExpirationInDays);
    if (!Number.isInteger(days) || days < 1) fail(`${at}.ExpirationInDays must be a whole number of days, at least 1`);
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') fail(`${at}.Status must be Enabled or Disabled`);
    if (rule.Status === 'Disabled') return [];
    return [
      {
        id: typeof rule.Id === 'string' ? rule.Id : `rule-${index}`,
        prefix: String(filter?.Prefix ?? rule.Prefix ?? ''),
        expirationDays: days,
      },
    ];
  });
}

/**
 * An S3 bucket, served by the local S3 (`local/src/s3/`). Objects are kept on disk; a lifecycle
 * rule that expires objects is applied as S3 applies it. Encryption, public-access blocks,
 * ownership controls and tags are accepted with no local effect (the local S3 serves no
 * anonymous request and keeps data on this machine).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
 */
export const S3_BUCKET = defineResourceType({
  type: 'AWS::S3::Bucket',
  nameProperty: 'BucketName',
  supported: ['BucketName', 'LifecycleConfiguration'],
  accepted: ['Tags', 'BucketEncryption', 'PublicAccessBlockConfiguration', 'OwnershipControls'],
  ref: bucketName,
  attributes: {
    Arn: (naming) => `arn:aws:s3:::${bucketName(naming)}`,
    DomainName: (naming) => `${bucketName(naming)}.s3.amazonaws.com`,
    RegionalDomainName: (naming) => `${bucketName(naming)}.s3.${naming.region}.amazonaws.com`,
  },
  topology: {
    collection: 'buckets',
    build: ({ logicalId, arn, properties, fail }, stack): BucketSpec => {
      const name = String(stack.ref(logicalId));
      if (!BUCKET_NAME.test(name) || name.includes('..')) {
        fail(`BucketName "${name}" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)`);
      }
      return {
        stackName: stack.stackName,
        logicalId,
        name,
        arn,
        lifecycleRules: toLifecycleRules(properties.LifecycleConfiguration, fail),
      };
    },
  },
});

/** Bucket policies are packaged and checked by the tests, not enforced locally (as IAM). */
export const S3_BUCKET_POLICY = policyOnlyType('AWS::S3::BucketPolicy', ['Bucket', 'PolicyDocument']);
