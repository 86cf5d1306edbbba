import type { EdgeResponse } from '../edge/types.ts';

/**
 * An error of Lambda's REST-JSON API (Invoke, event source mappings): the code in
 * `x-amzn-ErrorType`, and `Type` (`User` or `Service`) with the message in the body, as Lambda
 * answers them.
 * @see https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html
 */
export function lambdaRestError(status: number, code: string, message: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code },
    body: JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message }),
  };
}
