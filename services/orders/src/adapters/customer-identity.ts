import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Customer } from '../domain/customer.ts';

/**
 * The customer the HTTP API's JWT authorizer verified: `sub` is the customer id and `email` the
 * address their account holds (claims of the user pool's ID token, which API Gateway passes as
 * strings). A route without the authorizer has no claims: that is a deployment mistake, and the
 * request fails closed (the caller gets a 500, the log says why) instead of running anonymously.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export function customerOf(event: APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer): Customer {
  const claims = (event as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext.authorizer?.jwt?.claims;
  const customerId = claims?.sub;
  const email = claims?.email;
  if (typeof customerId !== 'string' || typeof email !== 'string') {
    throw new Error('The route has no JWT authorizer claims (sub, email): is its authorizer configured?');
  }
  return { customerId, email };
}
