import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../edge/aws-error.ts';
import type { ClientSettings, PoolSettings } from './pool-settings.ts';
import { UserPools } from './user-pools.ts';

const POOL: PoolSettings = {
  id: 'eu-west-1_Test12345',
  name: 'customers',
  arn: 'arn:aws:cognito-idp:eu-west-1:000000000000:userpool/eu-west-1_Test12345',
  region: 'eu-west-1',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test12345',
  stackName: 'test',
  usernameAttributes: [],
  caseSensitiveUsernames: false,
  autoVerifiedAttributes: ['email'],
  requiredAttributes: ['email'],
  passwordPolicy: {
    minimumLength: 10,
    requireLowercase: true,
    requireUppercase: true,
    requireNumbers: true,
    requireSymbols: false,
  },
  adminCreateUserOnly: false,
};
const CLIENT: ClientSettings = {
  id: 'client1',
  name: 'web',
  poolId: POOL.id,
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  accessTokenSeconds: 3600,
  idTokenSeconds: 3600,
  refreshTokenSeconds: 86_400,
  preventUserExistenceErrors: true,
};
const SRP_ONLY: ClientSettings = { ...CLIENT, id: 'client2', authFlows: ['ALLOW_USER_SRP_AUTH'] };

async function codeOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AwsError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a Cognito error');
}

describe('UserPools', () => {
  let dataDir: string;
  let pools: UserPools;
  const open = () => UserPools.open({ dataDir, pools: [POOL], clients: [CLIENT, SRP_ONLY] });

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cognito-'));
    pools = await open();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const createAda = (password = 'Analytical-Engine-1') => {
    pools.adminCreateUser({
      UserPoolId: POOL.id,
      Username: 'Ada',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }],
    });
    pools.adminSetUserPassword({ UserPoolId: POOL.id, Username: 'ada', Password: password, Permanent: true });
  };
  const signIn = (username: string, password: string, clientId = CLIENT.id) =>
    pools.initiateAuth({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });

  it("refuses passwords against the pool's policy with Cognito's reasons", async () => {
    const attempt = (password: string) =>
      codeOf(() =>
        pools.signUp({
          ClientId: CLIENT.id,
          Username: 'x',
          Password: password,
          UserAttributes: [{ Name: 'email', Value: 'x@example.com' }],
        }),
      );
    expect(await attempt('Short-1a')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password not long enough',
    );
    expect(await attempt('nouppercase-1')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password must have uppercase characters',
    );
    expect(await attempt('NoNumbers-here')).toBe(
      'InvalidPasswordException: Password did not conform with policy: Password must have numeric characters',
    );
  });

  it('requires the schema’s required attributes and refuses a second user of the same name, whatever its case', async () => {
    expect(await codeOf(() => pools.signUp({ ClientId: CLIENT.id, Username: 'x', Password: 'Long-enough-1' }))).toBe(
      'InvalidParameterException: Attributes did not conform to the schema: email: The attribute email is required',
    );
    createAda();
    expect(
      await codeOf(() =>
        pools.adminCreateUser({
          UserPoolId: POOL.id,
          Username: 'ADA',
          UserAttributes: [{ Name: 'email', Value: 'a@example.com' }],
        }),
      ),
    ).toBe('UsernameExistsException: User account already exists');
  });

  it('signs in case-insensitively and refuses a flow the client does not allow', async () => {
    createAda();
    expect(await signIn('ADA', 'Analytical-Engine-1')).toHaveProperty('AuthenticationResult.IdToken');
    expect(await codeOf(() => signIn('ada', 'Analytical-Engine-1', SRP_ONLY.id))).toBe(
      'InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client',
    );
  });

  it('refreshes with a refresh token and refuses one it did not issue', async () => {
    createAda();
    const first = await signIn('ada', 'Analytical-Engine-1');
    const refreshToken = 'AuthenticationResult' in first ? first.AuthenticationResult.RefreshToken : undefined;
    const refreshed = await pools.initiateAuth({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT.id,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    expect('AuthenticationResult' in refreshed && refreshed.AuthenticationResult.RefreshToken).toBe(undefined);
    expect(
      await codeOf(() =>
        pools.initiateAuth({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: CLIENT.id,
          AuthParameters: { REFRESH_TOKEN: 'forged' },
        }),
      ),
    ).toBe('NotAuthorizedException: Invalid Refresh Token');
  });

  it('keeps users and the signing key across a restart, so earlier tokens still verify', async () => {
    createAda();
    const kid = pools.jwks(POOL.id)?.keys[0]?.kid;
    const reopened = await open();
    expect(reopened.jwks(POOL.id)?.keys[0]?.kid).toBe(kid);
    expect(reopened.adminGetUser({ UserPoolId: POOL.id, Username: 'ada' })).toMatchObject({
      Username: 'Ada',
      UserStatus: 'CONFIRMED',
    });
  });
});
