import { randomBytes } from 'node:crypto';
import { AwsError } from '../edge/aws-error.ts';
import type { UserPools } from './user-pools.ts';

/**
 * A signed-in demo user for an HTTP API's JWT authorizer, so `npm start` can print a request
 * that works as pasted: the user `<name>` (address `<name>@example.com`, verified) is created in
 * the pool that issues the authorizer's tokens if it does not exist, given a fresh random
 * password, and signed in with `USER_PASSWORD_AUTH` through a client of the authorizer's
 * audience. Returns the ID token, or undefined when no such pool and client exist.
 */
export async function signInDemoUser(
  pools: UserPools,
  authorizer: { readonly issuer: string; readonly audience: readonly string[] },
  name: string,
): Promise<{ idToken: string; expiresIn: number } | undefined> {
  const poolId = authorizer.issuer.split('/').pop() ?? '';
  if (!pools.jwksForIssuer(authorizer.issuer)) return undefined;
  const { UserPoolClients } = pools.listUserPoolClients({ UserPoolId: poolId });
  const client = UserPoolClients.find((candidate) => authorizer.audience.includes(candidate.ClientId));
  if (!client) return undefined;
  try {
    pools.adminCreateUser({
      UserPoolId: poolId,
      Username: name,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${name}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
  } catch (error) {
    if (!(error instanceof AwsError && error.code === 'UsernameExistsException')) throw error;
  }
  const { UserPoolClient } = pools.describeUserPoolClient({ UserPoolId: poolId, ClientId: client.ClientId });
  if (!UserPoolClient.ExplicitAuthFlows.includes('ALLOW_USER_PASSWORD_AUTH')) return undefined;
  const password = `Demo-${randomBytes(12).toString('base64url')}-9a`;
  pools.adminSetUserPassword({ UserPoolId: poolId, Username: name, Password: password, Permanent: true });
  const outcome = await pools.initiateAuth({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: client.ClientId,
    AuthParameters: { USERNAME: name, PASSWORD: password },
  });
  if (!('AuthenticationResult' in outcome)) return undefined;
  return { idToken: outcome.AuthenticationResult.IdToken, expiresIn: outcome.AuthenticationResult.ExpiresIn };
}
