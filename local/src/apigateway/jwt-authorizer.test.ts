import type { JwtAuthorizerSpec } from '@shop/topology/topology';
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizeJwt } from './jwt-authorizer.ts';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test12345';
const spec: JwtAuthorizerSpec = {
  name: 'customer',
  identitySource: '$request.header.Authorization',
  issuer: ISSUER,
  audience: ['client-1'],
  scopes: [],
};
let jwks: JSONWebKeySet;
let sign: (claims: Record<string, unknown>) => Promise<string>;
const now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }] };
  sign = (claims) =>
    new SignJWT({ iss: ISSUER, iat: now, exp: now + 600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .sign(privateKey);
});

const keysOf = (issuer: string) => (issuer === ISSUER ? jwks : undefined);

describe('authorizeJwt (HTTP API JWT authorizer)', () => {
  it('takes the token with or without Bearer and hands the claims on as strings', async () => {
    const token = await sign({ sub: 'u-1', aud: 'client-1', email_verified: true, 'cognito:groups': ['a', 'b'] });
    for (const authorization of [`Bearer ${token}`, token]) {
      const decision = await authorizeJwt(spec, { authorization }, keysOf);
      expect(decision).toMatchObject({
        allowed: true,
        claims: {
          sub: 'u-1',
          aud: 'client-1',
          email_verified: 'true',
          'cognito:groups': '[a b]',
          exp: String(now + 600),
        },
        scopes: null,
      });
    }
  });

  it('checks client_id when the token has no aud (access tokens), and aud when it has both', async () => {
    expect((await authorizeJwt(spec, { authorization: await sign({ client_id: 'client-1' }) }, keysOf)).allowed).toBe(
      true,
    );
    expect(
      (await authorizeJwt(spec, { authorization: await sign({ aud: 'other', client_id: 'client-1' }) }, keysOf))
        .allowed,
    ).toBe(false);
  });

  it('refuses a token used before nbf or issued in the future', async () => {
    for (const claims of [
      { aud: 'client-1', nbf: now + 300 },
      { aud: 'client-1', iat: now + 300 },
    ]) {
      expect(await authorizeJwt(spec, { authorization: await sign(claims) }, keysOf)).toMatchObject({
        allowed: false,
        status: 401,
      });
    }
  });

  it("answers 403 Forbidden when the token has none of the route's scopes", async () => {
    const scoped = { ...spec, scopes: ['orders/write'] };
    const without = await authorizeJwt(
      scoped,
      { authorization: await sign({ aud: 'client-1', scope: 'orders/read' }) },
      keysOf,
    );
    const withScope = await authorizeJwt(
      scoped,
      { authorization: await sign({ aud: 'client-1', scope: 'orders/read orders/write' }) },
      keysOf,
    );
    expect(without).toEqual({
      allowed: false,
      status: 403,
      message: 'Forbidden',
      wwwAuthenticate:
        'Bearer scope="orders/write" error="insufficient_scope" error_description="expected scopes: [orders/write]"',
    });
    expect(withScope).toMatchObject({ allowed: true, scopes: ['orders/read', 'orders/write'] });
  });

  it('reads the token from the header the identity source names', async () => {
    const custom = { ...spec, identitySource: '$request.header.X-Api-Token' };
    const token = await sign({ aud: 'client-1' });
    expect((await authorizeJwt(custom, { 'x-api-token': token }, keysOf)).allowed).toBe(true);
    expect(await authorizeJwt(custom, { authorization: `Bearer ${token}` }, keysOf)).toMatchObject({
      allowed: false,
      status: 401,
      wwwAuthenticate: 'Bearer',
    });
  });
});
