import type { UserPoolSpec } from '@shop/topology/resource-types/cognito-user-pool';
import type { UserPoolClientSpec } from '@shop/topology/resource-types/cognito-user-pool-client';

/** Thrown at start-up for a pool or client property the local Cognito does not emulate. */
export class CognitoConfigurationError extends Error {
  override readonly name = 'CognitoConfigurationError';
}

export interface PasswordPolicy {
  readonly minimumLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireNumbers: boolean;
  readonly requireSymbols: boolean;
}

export interface PoolSettings {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly issuer: string;
  readonly stackName: string;
  /** `email` when users sign in with their address as user name (`UsernameAttributes`). */
  readonly usernameAttributes: readonly string[];
  readonly caseSensitiveUsernames: boolean;
  readonly autoVerifiedAttributes: readonly string[];
  readonly requiredAttributes: readonly string[];
  readonly passwordPolicy: PasswordPolicy;
  readonly adminCreateUserOnly: boolean;
}

export type AuthFlow =
  | 'ALLOW_USER_PASSWORD_AUTH'
  | 'ALLOW_ADMIN_USER_PASSWORD_AUTH'
  | 'ALLOW_REFRESH_TOKEN_AUTH'
  | 'ALLOW_USER_SRP_AUTH'
  | 'ALLOW_CUSTOM_AUTH';

export interface ClientSettings {
  readonly id: string;
  readonly name: string;
  readonly poolId: string;
  readonly authFlows: readonly AuthFlow[];
  readonly accessTokenSeconds: number;
  readonly idTokenSeconds: number;
  readonly refreshTokenSeconds: number;
  /** `ENABLED`: an unknown user fails sign-in like a wrong password (no user enumeration). */
  readonly preventUserExistenceErrors: boolean;
}

/** AWS's default policy: 8 characters, one of each class. */
const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minimumLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

/**
 * A pool's settings from its CloudFormation properties, refusing what is not emulated (Lambda
 * triggers, MFA, custom domains).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpool.html
 */
export function poolSettingsOf(spec: UserPoolSpec): PoolSettings {
  const where = `Stack ${spec.stackName}: AWS::Cognito::UserPool ${spec.logicalId}`;
  const fail = (message: string): never => {
    throw new CognitoConfigurationError(`${where}: ${message}`);
  };
  const properties = spec.properties;
  const mfa = properties.MfaConfiguration ?? 'OFF';
  if (mfa !== 'OFF') fail(`MfaConfiguration ${String(mfa)} is not supported by the local cloud (only OFF)`);
  const usernameAttributes = stringList(properties.UsernameAttributes, 'UsernameAttributes', fail);
  for (const attribute of usernameAttributes) {
    if (attribute !== 'email') fail(`UsernameAttributes ${attribute} is not supported by the local cloud (only email)`);
  }
  const schema = (properties.Schema ?? []) as Array<Record<string, unknown>>;
  const requiredAttributes = schema
    .filter((attribute) => attribute.Required === true)
    .map((attribute) => String(attribute.Name));
  const policy = ((properties.Policies as { PasswordPolicy?: Record<string, unknown> } | undefined)?.PasswordPolicy ??
    {}) as Record<string, unknown>;
  for (const key of Object.keys(policy)) {
    if (
      ![
        'MinimumLength',
        'RequireLowercase',
        'RequireUppercase',
        'RequireNumbers',
        'RequireSymbols',
        'TemporaryPasswordValidityDays',
      ].includes(key)
    ) {
      fail(`Policies.PasswordPolicy.${key} is not supported by the local cloud`);
    }
  }
  const adminCreateUser = (properties.AdminCreateUserConfig ?? {}) as Record<string, unknown>;
  return {
    id: spec.id,
    name: spec.name,
    arn: spec.arn,
    region: spec.region,
    issuer: `https://cognito-idp.${spec.region}.amazonaws.com/${spec.id}`,
    stackName: spec.stackName,
    usernameAttributes,
    caseSensitiveUsernames:
      (properties.UsernameConfiguration as { CaseSensitive?: unknown } | undefined)?.CaseSensitive !== false,
    autoVerifiedAttributes: stringList(properties.AutoVerifiedAttributes, 'AutoVerifiedAttributes', fail),
    requiredAttributes,
    passwordPolicy: {
      minimumLength: Number(policy.MinimumLength ?? DEFAULT_PASSWORD_POLICY.minimumLength),
      requireLowercase: policy.RequireLowercase === undefined ? true : policy.RequireLowercase === true,
      requireUppercase: policy.RequireUppercase === undefined ? true : policy.RequireUppercase === true,
      requireNumbers: policy.RequireNumbers === undefined ? true : policy.RequireNumbers === true,
      requireSymbols: policy.RequireSymbols === undefined ? true : policy.RequireSymbols === true,
    },
    adminCreateUserOnly: adminCreateUser.AllowAdminCreateUserOnly === true,
  };
}

const AUTH_FLOWS: readonly AuthFlow[] = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
];

const UNIT_SECONDS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/**
 * A client's settings from its CloudFormation properties. Token validity follows Cognito's
 * defaults (ID and access tokens 60 minutes, refresh tokens 30 days) and `TokenValidityUnits`.
 * Client secrets are refused: every flow here is a public client's.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolclient.html
 */
export function clientSettingsOf(spec: UserPoolClientSpec, pools: ReadonlyMap<string, PoolSettings>): ClientSettings {
  const where = `Stack ${spec.stackName}: AWS::Cognito::UserPoolClient ${spec.logicalId}`;
  const fail = (message: string): never => {
    throw new CognitoConfigurationError(`${where}: ${message}`);
  };
  const properties = spec.properties;
  const poolId = String(properties.UserPoolId);
  if (!pools.has(poolId)) fail(`UserPoolId ${poolId} is not a user pool of the stacks`);
  if (properties.GenerateSecret === true)
    fail('GenerateSecret: true is not supported by the local cloud (public clients only)');
  const declaredFlows = stringList(properties.ExplicitAuthFlows, 'ExplicitAuthFlows', fail);
  for (const flow of declaredFlows) {
    if (!AUTH_FLOWS.includes(flow as AuthFlow)) fail(`ExplicitAuthFlows ${flow} is not supported by the local cloud`);
  }
  // Without ExplicitAuthFlows, Cognito allows SRP, custom auth and refresh.
  const authFlows = (
    declaredFlows.length > 0 ? declaredFlows : ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']
  ) as AuthFlow[];
  const units = (properties.TokenValidityUnits ?? {}) as Record<string, unknown>;
  const seconds = (value: unknown, unit: unknown, defaultUnit: string, defaultValue: number): number =>
    Number(value ?? defaultValue) *
    (UNIT_SECONDS[String(unit ?? defaultUnit)] ?? fail(`TokenValidityUnits: unknown unit ${String(unit)}`));
  return {
    id: spec.id,
    name: String(properties.ClientName ?? spec.id),
    poolId,
    authFlows,
    accessTokenSeconds: seconds(properties.AccessTokenValidity, units.AccessToken, 'hours', 1),
    idTokenSeconds: seconds(properties.IdTokenValidity, units.IdToken, 'hours', 1),
    refreshTokenSeconds: seconds(properties.RefreshTokenValidity, units.RefreshToken, 'days', 30),
    preventUserExistenceErrors: (properties.PreventUserExistenceErrors ?? 'ENABLED') === 'ENABLED',
  };
}

function stringList(value: unknown, name: string, fail: (message: string) => never): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    return fail(`${name} must be a list of strings`);
  return value;
}
