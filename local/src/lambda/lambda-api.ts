import { nestsDeeperThan } from '../edge/json-depth.ts';
import type { EdgeRequest, EdgeResponse, EdgeService } from '../edge/types.ts';
import type { AsyncInvoker } from './async-invoker.ts';
import type { LambdaRuntime } from './lambda-runtime.ts';
import { lambdaRestError } from './rest-error.ts';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * The Lambda `Invoke` API (REST-JSON), which the services use to call the orders read
 * interface: `RequestResponse` answers the function's payload (with `X-Amz-Function-Error`
 * when it failed), `Event` queues an asynchronous invocation and answers 202, `DryRun` 204.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export function lambdaEdgeService(runtime: LambdaRuntime, asyncInvoker: AsyncInvoker): EdgeService {
  return {
    name: 'lambda',
    claims: (request) => request.path.startsWith('/2015-03-31/functions/'),
    async handle(request: EdgeRequest): Promise<EdgeResponse> {
      const match = INVOKE_PATH.exec(request.path);
      if (!match || request.method !== 'POST') {
        return lambdaRestError(
          400,
          'InvalidRequestContentException',
          `Unsupported Lambda operation ${request.method} ${request.path}`,
        );
      }
      const functionName = decodeURIComponent(match[1] ?? '');
      const fn = runtime.resolveFunction(functionName);
      if (!fn) return lambdaRestError(404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
      let event: unknown;
      try {
        const text = request.body.toString('utf8');
        if (nestsDeeperThan(text)) throw new Error('too deep');
        event = text === '' ? {} : JSON.parse(text);
      } catch {
        return lambdaRestError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (invocationType === 'DryRun') return { status: 204, headers: {}, body: '' };
      if (invocationType === 'Event') {
        asyncInvoker.invokeAsync(fn.name, event);
        return { status: 202, headers: { 'x-amzn-requestid': crypto.randomUUID() }, body: '' };
      }
      if (invocationType !== 'RequestResponse') {
        return lambdaRestError(400, 'InvalidParameterValueException', `Unsupported InvocationType ${invocationType}`);
      }
      const result = await runtime.invoke(fn.name, event);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-amzn-requestid': result.requestId,
        'x-amz-executed-version': '$LATEST',
      };
      if (result.ok) return { status: 200, headers, body: JSON.stringify(result.payload) };
      if (result.functionError === 'Throttled')
        return lambdaRestError(429, 'TooManyRequestsException', result.errorMessage);
      headers['x-amz-function-error'] = 'Unhandled';
      return {
        status: 200,
        headers,
        body: JSON.stringify({
          errorType: result.errorType,
          errorMessage: result.errorMessage,
          trace: result.trace ?? [],
        }),
      };
    },
  };
}
