import type { IncomingHttpHeaders } from 'node:http';
import type { JwtAuthorizerSpec } from '@shop/topology/topology';
import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';

/** The public keys of an issuer the local cloud knows (its Cognito user pools), or undefined. */
export type IssuerKeys = (issuer: string) => JSONWebKeySet | undefined;

export type AuthorizerDecision =
  | { readonly allowed: true; readonly claims: Record<string, string>; readonly scopes: string[] | null }
  | { readonly allowed: false; readonly status: 401 | 403; readonly message: string; readonly wwwAuthenticate: string };

/** The header an identity source names: only `$request.header.<name>` sources are emulated. */
export function identityHeaderOf(identitySource: string): string | undefined {
  return /^\$request\.header\.([A-Za-z0-9!#$%&'*+.^_`|~-]+)$/.exec(identitySource)?.[1]?.toLowerCase();
}

/**
 * An API Gateway HTTP API JWT authorizer, step by step as AWS documents it: take the token from
 * the identity source (with or without `Bearer `), check its RSA signature against the
 * issuer's keys (`kid` must name one), then `iss`, `aud` (or `client_id` when there is no
 * `aud`), `exp`, `nbf`, `iat`, and the route's scopes (`scope` or `scp`). A failure is a 401
 * `{"message":"Unauthorized"}` (a 403 `Forbidden` for missing scopes) with a
 * `www-authenticate` header saying why; success hands the claims to the integration as strings.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export async function authorizeJwt(
  spec: JwtAuthorizerSpec,
  headers: IncomingHttpHeaders,
  keysOf: IssuerKeys,
  now: Date = new Date(),
): Promise<AuthorizerDecision> {
  const header = identityHeaderOf(spec.identitySource) ?? 'authorization';
  const raw = headers[header];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return unauthorized('Bearer');
  const token = value.replace(/^Bearer\s+/i, '');
  const keys = keysOf(spec.issuer);
  if (!keys) return invalid('the issuer is not known');
  let payload: JWTPayload;
  try {
    const { kid } = decodeProtectedHeader(token);
    if (!kid || !keys.keys.some((key) => key.kid === kid))
      return invalid('the kid of the token is not one of the issuer keys');
    ({ payload } = await jwtVerify(token, keySetOf(keys), {
      issuer: spec.issuer,
      algorithms: ['RS256', 'RS384', 'RS512'],
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return invalid('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss')
      return invalid('the token has an invalid issuer');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
      return invalid('the token is not yet valid');
    if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('signature is invalid');
    return invalid('the token is malformed');
  }
  if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000)) {
    return invalid('the token was issued in the future');
  }
  const audiences = payload.aud === undefined ? [] : [payload.aud].flat();
  const presented = audiences.length > 0 ? audiences : typeof payload.client_id === 'string' ? [payload.client_id] : [];
  if (!presented.some((audience) => spec.audience.includes(audience)))
    return invalid('the token does not have a valid audience');
  const scopes = scopesOf(payload);
  if (spec.scopes.length > 0 && !spec.scopes.some((scope) => scopes?.includes(scope))) {
    const expected = spec.scopes.join(' ');
    return {
      allowed: false,
      status: 403,
      message: 'Forbidden',
      wwwAuthenticate: `Bearer scope="${expected}" error="insufficient_scope" error_description="expected scopes: [${expected}]"`,
    };
  }
  return { allowed: true, claims: claimsAsStrings(payload), scopes };
}

const keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

/** jose's key set for a JWKS, built once per JWKS object (it keeps the imported keys). */
function keySetOf(keys: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
  let keySet = keySets.get(keys);
  if (!keySet) {
    keySet = createLocalJWKSet(keys);
    keySets.set(keys, keySet);
  }
  return keySet;
}

function unauthorized(wwwAuthenticate: string): AuthorizerDecision {
  return { allowed: false, status: 401, message: 'Unauthorized', wwwAuthenticate };
}

function invalid(description: string): AuthorizerDecision {
  return unauthorized(`Bearer scope="" error="invalid_token" error_description="${description}"`);
}

function scopesOf(payload: JWTPayload): string[] | null {
  const claim = payload.scope ?? payload.scp;
  if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
  if (Array.isArray(claim)) return claim.map(String);
  return null;
}

/** API Gateway passes every claim as a string: numbers and booleans printed, lists as `[a b]`. */
function claimsAsStrings(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    claims[name] = Array.isArray(value)
      ? `[${value.map(String).join(' ')}]`
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  }
  return claims;
}
