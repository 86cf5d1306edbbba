/**
 * The invocation record Lambda sends to an asynchronous invocation's on-failure destination
 * once every attempt failed: the request, the function's error and how many times it ran.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export interface FailedInvocation {
  /** The function's ARN (without a qualifier). */
  readonly functionArn: string;
  readonly event: unknown;
  readonly error: { readonly errorType: string; readonly errorMessage: string };
  readonly attempts: number;
}

export function failedInvocationRecord({ functionArn, event, error, attempts }: FailedInvocation) {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: crypto.randomUUID(),
      functionArn: `${functionArn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: attempts,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: error.errorType, errorMessage: error.errorMessage },
  };
}
