import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UserNotConfirmedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCustomerPool } from '../../services/orders/scripts/demo-customer.ts';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

let cloud: TestCloud;
let shop: ShopProbe;
let cognito: CognitoIdentityProviderClient;
let pool: { userPoolId: string; clientId: string };

beforeAll(async () => {
  cloud = await startTestCloud();
  shop = new ShopProbe(cloud);
  cognito = new CognitoIdentityProviderClient(cloud.clientConfig);
  pool = await findCustomerPool(cognito, cloud.topology.stage);
}, 120_000);

afterAll(async () => {
  await cloud?.destroy();
});

const anOrder = { currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 1 }] };

/** A request to the order API with this `Authorization` header (or none). */
async function call(method: string, path: string, authorization?: string) {
  const response = await fetch(`${cloud.httpApiUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    ...(method === 'POST' ? { body: JSON.stringify(anOrder) } : {}),
  });
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** A token like the pool's, with chosen claims, signed by the pool's own key (kept in the data folder) or another. */
async function forgedToken(claims: Record<string, unknown>, signer: 'pool key' | 'another key'): Promise<string> {
  const stored = JSON.parse(readFileSync(join(cloud.dataDir, 'cognito', `${pool.userPoolId}.json`), 'utf8')) as {
    signingKey: { kid: string; privateJwk: JWK };
  };
  const key =
    signer === 'pool key'
      ? await importJWK(stored.signingKey.privateJwk, 'RS256')
      : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const { idToken } = await shop.customer('ada');
  return new SignJWT({ ...decodeJwt(idToken), ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: stored.signingKey.kid })
    .sign(key);
}

describe('customers sign in, and an order is its customer’s alone', () => {
  it('answers 401 Unauthorized without a token, on every route, before any function runs', async () => {
    const ordersBefore = await shop.countOrders();
    const { orderId } = (await shop.placeOrder(anOrder)).body;

    for (const [method, path] of [
      ['POST', '/orders'],
      ['GET', `/orders/${orderId}`],
      ['POST', `/orders/${orderId}/cancel`],
    ] as const) {
      const answer = await call(method, path);
      expect({ method, path, status: answer.status, body: answer.body }).toEqual({
        method,
        path,
        status: 401,
        body: { message: 'Unauthorized' },
      });
      expect(answer.wwwAuthenticate).toBe('Bearer');
    }
    expect(await shop.countOrders()).toBe(ordersBefore + 1);
  });

  it('answers 401 for an expired token, a token signed by another key, another audience or another issuer', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string, string]> = [
      ['expired', await forgedToken({ iat: now - 7200, exp: now - 3600 }, 'pool key'), 'the token has expired'],
      ['signed by another key', await forgedToken({}, 'another key'), 'signature is invalid'],
      ['for another app client', await forgedToken({ aud: 'someotherclient' }, 'pool key'), 'valid audience'],
      ['from another issuer', await forgedToken({ iss: 'https://issuer.example' }, 'pool key'), 'invalid issuer'],
      ['not a JWT', 'Bearer not.a.token', 'malformed'],
    ];
    for (const [label, token, reason] of cases) {
      const answer = await call(
        'GET',
        '/orders/ord_01ARYZ6S410000000000000000',
        `Bearer ${token.replace(/^Bearer /, '')}`,
      );
      expect({ label, status: answer.status, body: answer.body }).toEqual({
        label,
        status: 401,
        body: { message: 'Unauthorized' },
      });
      expect(answer.wwwAuthenticate).toContain(reason);
    }
    // The same claims, fresh and signed by the pool: accepted (the order does not exist, so 404).
    const good = await forgedToken({ iat: now, exp: now + 600 }, 'pool key');
    expect((await call('GET', '/orders/ord_01ARYZ6S410000000000000000', `Bearer ${good}`)).status).toBe(404);
  });

  it("answers 404 for another customer's order, on GET and cancel, exactly as for an unknown order", async () => {
    const ada = await shop.customer('ada');
    const grace = await shop.customer('grace');
    const { orderId } = (await shop.placeOrder(anOrder, {}, ada)).body;

    const read = await shop.getOrder(String(orderId), grace);
    const cancel = await shop.cancelOrder(String(orderId), grace);
    const unknown = await shop.getOrder('ord_01ARYZ6S410000000000000000', grace);

    expect(read).toEqual({ status: 404, body: { error: 'NotFoundError', message: `Order ${orderId} not found` } });
    expect(cancel).toEqual({ status: 404, body: { error: 'NotFoundError', message: `Order ${orderId} not found` } });
    expect(unknown.status).toBe(404);
    const own = await shop.getOrder(String(orderId), ada);
    expect(own.status).toBe(200);
    expect(own.body.status).not.toBe('CANCELLED');
    expect(shop.eventOf(String(orderId), 'OrderCancelled')).toBeUndefined();
  });

  it('takes the customer and the mail address from the account, never from the body', async () => {
    const ada = await shop.customer('ada');

    const forged = await shop.placeOrder(
      { ...anOrder, customerId: 'cus-victim', email: 'victim@example.com' },
      {},
      ada,
    );
    const placed = await shop.placeOrder(anOrder, {}, ada);

    expect(forged.status).toBe(400);
    expect(forged.body.issues).toEqual([
      'body.customerId: unknown field (allowed: name, currency, lines)',
      'body.email: unknown field (allowed: name, currency, lines)',
    ]);
    const orderId = String(placed.body.orderId);
    expect((await shop.orderItem(orderId))?.customerId).toBe(ada.customerId);
    await eventually(
      async () =>
        cloud.ses.listMailbox({ to: ada.email }).some((mail) => mail.subject.includes(orderId)) ? true : undefined,
      60_000,
      `a mail about ${orderId} to ${ada.email}`,
    );
    expect(cloud.ses.listMailbox({ to: 'victim@example.com' })).toEqual([]);
  });
});

describe('the local Cognito user pool, through the AWS SDK', () => {
  it('signs a customer up, mails the confirmation code, confirms, and signs in with USER_PASSWORD_AUTH', async () => {
    const password = 'Correct-horse-42';
    const signUp = await cognito.send(
      new SignUpCommand({
        ClientId: pool.clientId,
        Username: 'lin',
        Password: password,
        UserAttributes: [{ Name: 'email', Value: 'lin@example.com' }],
      }),
    );
    expect(signUp).toMatchObject({
      UserConfirmed: false,
      UserSub: expect.any(String),
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'l***@e***' },
    });
    const signIn = () =>
      cognito.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'lin', PASSWORD: password },
        }),
      );
    await expect(signIn()).rejects.toBeInstanceOf(UserNotConfirmedException);

    const mail = cloud.ses.listMailbox({ to: 'lin@example.com' })[0];
    const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1];
    await cognito.send(
      new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'lin', ConfirmationCode: String(code) }),
    );
    const { AuthenticationResult: tokens } = await signIn();

    const claims = decodeJwt(String(tokens?.IdToken));
    expect(claims).toMatchObject({
      sub: signUp.UserSub,
      email: 'lin@example.com',
      email_verified: true,
      'cognito:username': 'lin',
      aud: pool.clientId,
      token_use: 'id',
      iss: `https://cognito-idp.${cloud.topology.region}.amazonaws.com/${pool.userPoolId}`,
    });
    expect(tokens).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600, RefreshToken: expect.any(String) });
    const user = await cognito.send(new GetUserCommand({ AccessToken: tokens?.AccessToken }));
    expect(user.Username).toBe('lin');
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'lin@example.com' });
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: String(tokens?.RefreshToken) },
      }),
    );
    expect(decodeJwt(String(refreshed.AuthenticationResult?.IdToken)).sub).toBe(signUp.UserSub);
    // The token verifies against the JWKS the edge publishes for the pool, as any JWT library would check it.
    const jwks = createRemoteJWKSet(new URL(`${cloud.edgeUrl}/${pool.userPoolId}/.well-known/jwks.json`));
    await expect(
      jwtVerify(String(tokens?.IdToken), jwks, { issuer: String(claims.iss), audience: pool.clientId }),
    ).resolves.toBeDefined();
  });

  it('refuses a wrong password and an unknown user alike, without telling which', async () => {
    const attempt = (username: string) =>
      cognito.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: 'Wrong-password-1' },
        }),
      );
    await shop.customer('ada');

    for (const username of ['ada', 'nobody-at-all']) {
      const failure = await attempt(username).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(NotAuthorizedException);
      expect((failure as Error).message).toBe('Incorrect username or password.');
    }
  });

  it('asks a user an admin created for a new password before giving tokens', async () => {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: 'mary',
        TemporaryPassword: 'Temporary-pass-1',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'mary@example.com' }],
      }),
    );

    const first = await cognito.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'mary', PASSWORD: 'Temporary-pass-1' },
      }),
    );
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(first.AuthenticationResult).toBeUndefined();
    const answered = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'mary', NEW_PASSWORD: 'Permanent-pass-2' },
      }),
    );
    expect(decodeJwt(String(answered.AuthenticationResult?.IdToken))['cognito:username']).toBe('mary');
  });
});
