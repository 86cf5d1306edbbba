import { jsonProtocolService } from '../edge/json-protocol.ts';
import type { EdgeService } from '../edge/types.ts';
import type { UserPools } from './user-pools.ts';

/**
 * The Cognito user pools API on the edge: JSON 1.1, `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>`, what the AWS CLI (`aws cognito-idp ...`) and
 * SDK v3's `CognitoIdentityProviderClient` send. The operations are those a user needs to get
 * tokens the AWS way, and an operator needs to manage users.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html
 */
export function cognitoEdgeService(pools: UserPools): EdgeService {
  type Input = Parameters<typeof pools.signUp>[0] & Record<string, unknown>;
  return jsonProtocolService({
    name: 'cognito-idp',
    targetPrefix: 'AWSCognitoIdentityProviderService',
    jsonVersion: '1.1',
    operations: {
      SignUp: (input) => pools.signUp(input as Input),
      ConfirmSignUp: (input) => pools.confirmSignUp(input as Parameters<typeof pools.confirmSignUp>[0]),
      AdminConfirmSignUp: (input) => pools.adminConfirmSignUp(input as Parameters<typeof pools.adminConfirmSignUp>[0]),
      AdminCreateUser: (input) => pools.adminCreateUser(input as Parameters<typeof pools.adminCreateUser>[0]),
      AdminSetUserPassword: (input) =>
        pools.adminSetUserPassword(input as Parameters<typeof pools.adminSetUserPassword>[0]),
      AdminGetUser: (input) => pools.adminGetUser(input as Parameters<typeof pools.adminGetUser>[0]),
      AdminDeleteUser: (input) => pools.adminDeleteUser(input as Parameters<typeof pools.adminDeleteUser>[0]),
      ListUsers: (input) => pools.listUsers(input as Parameters<typeof pools.listUsers>[0]),
      GetUser: (input) => pools.getUser(input as Parameters<typeof pools.getUser>[0]),
      InitiateAuth: (input) => pools.initiateAuth(input as Parameters<typeof pools.initiateAuth>[0]),
      AdminInitiateAuth: (input) => pools.adminInitiateAuth(input as Parameters<typeof pools.adminInitiateAuth>[0]),
      RespondToAuthChallenge: (input) =>
        pools.respondToAuthChallenge(input as Parameters<typeof pools.respondToAuthChallenge>[0]),
      ListUserPools: (input) => pools.listUserPools(input as Parameters<typeof pools.listUserPools>[0]),
      ListUserPoolClients: (input) =>
        pools.listUserPoolClients(input as Parameters<typeof pools.listUserPoolClients>[0]),
      DescribeUserPool: (input) => pools.describeUserPool(input as Parameters<typeof pools.describeUserPool>[0]),
      DescribeUserPoolClient: (input) =>
        pools.describeUserPoolClient(input as Parameters<typeof pools.describeUserPoolClient>[0]),
    },
  });
}

/**
 * What Cognito publishes for each pool at its issuer, here under the edge:
 * `/<poolId>/.well-known/jwks.json` and `/<poolId>/.well-known/openid-configuration`.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
export function cognitoWellKnownService(pools: UserPools, edgeUrl: string): EdgeService {
  const route = /^\/([\w-]+_[A-Za-z0-9]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;
  return {
    name: 'cognito-idp-well-known',
    claims: (request) => request.method === 'GET' && route.test(request.path),
    async handle(request) {
      const [, poolId = '', document] = route.exec(request.path) ?? [];
      const jwks = pools.jwks(poolId);
      if (!jwks) {
        return {
          status: 404,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'User pool not found' }),
        };
      }
      const body =
        document === 'jwks.json'
          ? jwks
          : {
              issuer: pools.issuers().find((issuer) => issuer.endsWith(`/${poolId}`)),
              jwks_uri: `${edgeUrl}/${poolId}/.well-known/jwks.json`,
              id_token_signing_alg_values_supported: ['RS256'],
              subject_types_supported: ['public'],
              response_types_supported: ['code', 'token'],
            };
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    },
  };
}
