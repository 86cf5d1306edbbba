import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';

/** The customers' pool and app client the platform stack declares, by their names for a stage. */
export async function findCustomerPool(
  cognito: CognitoIdentityProviderClient,
  stage: string,
): Promise<{ userPoolId: string; clientId: string }> {
  const poolName = `shop-customers-${stage}`;
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const userPoolId = UserPools.find((pool) => pool.Name === poolName)?.Id;
  if (!userPoolId)
    throw new Error(`No user pool named ${poolName}: is the platform stack of stage '${stage}' running?`);
  const { UserPoolClients = [] } = await cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  const clientId = UserPoolClients.find((client) => client.ClientName === `shop-web-${stage}`)?.ClientId;
  if (!clientId) throw new Error(`No app client shop-web-${stage} in ${poolName}`);
  return { userPoolId, clientId };
}

export interface DemoCustomerTokens {
  readonly username: string;
  readonly email: string;
  /** The customer id the order API sees: the ID token's subject. */
  readonly customerId: string;
  /** The ID token: what the order API's JWT authorizer accepts as `Authorization: Bearer ...`. */
  readonly idToken: string;
  readonly accessToken: string;
  /** Seconds until the tokens expire. */
  readonly expiresIn: number;
}

/**
 * Signs a demo customer in the way an operator would with the AWS CLI: the user is created if
 * needed (`admin-create-user`, address `<name>@example.com`, marked verified, no invitation
 * mail), given a fresh random password (`admin-set-user-password --permanent`, nobody needs to
 * know it), then signed in with `initiate-auth --auth-flow USER_PASSWORD_AUTH`. Works the same
 * on the local cloud and on a deployed stage (with admin rights on the pool).
 */
export async function signInDemoCustomer(
  cognito: CognitoIdentityProviderClient,
  pool: { userPoolId: string; clientId: string },
  name: string,
): Promise<DemoCustomerTokens> {
  const username = name.toLowerCase();
  const email = `${username}@example.com`;
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
  }
  const password = `Demo-${randomBytes(12).toString('base64url')}-9a`;
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  const { AuthenticationResult: result } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  if (!result?.IdToken || !result.AccessToken) throw new Error(`Cognito answered no tokens for ${username}`);
  const claims = JSON.parse(Buffer.from(result.IdToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub: string;
  };
  return {
    username,
    email,
    customerId: claims.sub,
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
}
