import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Customer } from '../src/domain/customer.ts';

type JwtEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The customer whose ID token the fixture's JWT authorizer verified (`sub`, `email`). */
export function customerOfEvent(event: APIGatewayProxyEventV2): Customer {
  const claims = (event as JwtEvent).requestContext.authorizer.jwt.claims;
  return { customerId: String(claims.sub), email: String(claims.email) };
}

/** The same request, as another signed-in customer would send it: only the token's claims change. */
export function signedInAs(event: APIGatewayProxyEventV2, customer: Customer): APIGatewayProxyEventV2 {
  const jwtEvent = event as JwtEvent;
  const jwt = jwtEvent.requestContext.authorizer.jwt;
  return {
    ...event,
    requestContext: {
      ...jwtEvent.requestContext,
      authorizer: {
        ...jwtEvent.requestContext.authorizer,
        jwt: { ...jwt, claims: { ...jwt.claims, sub: customer.customerId, email: customer.email } },
      },
    },
  } as APIGatewayProxyEventV2;
}

/** The request with no authorizer claims at all: what a route deployed without its authorizer receives. */
export function withoutAuthorizer(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const { authorizer: _authorizer, ...requestContext } = (event as JwtEvent).requestContext;
  return { ...event, requestContext } as APIGatewayProxyEventV2;
}
