import { createHash } from 'node:crypto';
import { arnOf, defineResourceType, type ResourceNaming } from './resource-type.ts';

/** An `AWS::Cognito::UserPool` with its properties resolved (the Cognito emulator checks them). */
export interface UserPoolSpec {
  readonly stackName: string;
  readonly logicalId: string;
  /** `<region>_<9 characters>`, as Cognito's ids look; stable for a stack and logical id. */
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Cognito generates a pool's id at creation (`eu-west-1_AbC123xYz`); locally it is derived from
 * the stack and logical id, so it survives restarts and every stack that imports it agrees.
 */
export function userPoolIdOf(naming: Pick<ResourceNaming, 'region' | 'stackName' | 'logicalId'>): string {
  const digest = createHash('sha256').update(`${naming.stackName}/${naming.logicalId}`).digest();
  const suffix = [...digest.subarray(0, 9)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
  return `${naming.region}_${suffix}`;
}

/** The issuer of the pool's tokens, which an HTTP API JWT authorizer names as its `issuerUrl`. */
export function userPoolIssuerOf(region: string, poolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
}

const poolArn = (naming: ResourceNaming): string => arnOf('cognito-idp', naming, `userpool/${userPoolIdOf(naming)}`);

/**
 * `Ref` is the pool's id; `Fn::GetAtt` gives `Arn`, `ProviderName` (`cognito-idp.<region>.amazonaws.com/<id>`),
 * `ProviderURL` (the issuer) and `UserPoolId`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpool.html
 */
export const COGNITO_USER_POOL = defineResourceType({
  type: 'AWS::Cognito::UserPool',
  nameProperty: 'UserPoolName',
  supported: [
    'UserPoolName',
    'UsernameConfiguration',
    'UsernameAttributes',
    'AutoVerifiedAttributes',
    'Schema',
    'Policies',
    'AdminCreateUserConfig',
    'MfaConfiguration',
  ],
  accepted: [
    'UserPoolTags',
    'DeletionProtection',
    'AccountRecoverySetting',
    'UserAttributeUpdateSettings',
    'EmailConfiguration',
  ],
  ref: userPoolIdOf,
  attributes: {
    Arn: poolArn,
    UserPoolId: userPoolIdOf,
    ProviderName: (naming) => `cognito-idp.${naming.region}.amazonaws.com/${userPoolIdOf(naming)}`,
    ProviderURL: (naming) => userPoolIssuerOf(naming.region, userPoolIdOf(naming)),
  },
  topology: {
    collection: 'userPools',
    build: (resource, stack): UserPoolSpec => ({
      stackName: stack.stackName,
      logicalId: resource.logicalId,
      id: userPoolIdOf({ region: stack.region, stackName: stack.stackName, logicalId: resource.logicalId }),
      name: resource.name,
      arn: resource.arn,
      region: stack.region,
      properties: resource.properties,
    }),
  },
});
