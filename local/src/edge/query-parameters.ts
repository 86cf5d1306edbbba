import type { EdgeRequest } from './types.ts';

/** A request header's value (the first, when it came more than once). */
export function firstHeader(request: EdgeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The parameters of a query-protocol call (SQS, CloudWatch): the form body and the query string
 * merged, as the protocol allows either or both, the body winning a name both carry.
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
export function readQueryParameters(request: EdgeRequest): Map<string, string> {
  const params = new Map<string, string>(request.query);
  const contentType = firstHeader(request, 'content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded') && request.body.length > 0) {
    for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) params.set(key, value);
  }
  return params;
}
