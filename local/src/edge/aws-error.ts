/**
 * An error the local cloud answers with, in AWS's shape.
 *
 * `code` is the AWS error code the SDK turns into an exception class name
 * (`ResourceNotFoundException`, `QueueDoesNotExist`, ...). `queryCode` is the code the
 * older query protocol uses when it differs (SQS: `AWS.SimpleQueueService.NonExistentQueue`);
 * the JSON protocol also sends it in `x-amzn-query-error` so SDK v3's query-compatible
 * clients map it back.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly queryCode: string | undefined;
  readonly fault: 'Sender' | 'Receiver';

  constructor(
    code: string,
    message: string,
    options: { statusCode?: number; queryCode?: string; fault?: 'Sender' | 'Receiver' } = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.statusCode = options.statusCode ?? 400;
    this.queryCode = options.queryCode;
    this.fault = options.fault ?? (this.statusCode >= 500 ? 'Receiver' : 'Sender');
  }
}

export function isAwsError(error: unknown): error is AwsError {
  return error instanceof AwsError;
}
