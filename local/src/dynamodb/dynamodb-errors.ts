import { AwsError } from '../edge/aws-error.ts';

/**
 * The namespace DynamoDB puts before an error code in `__type`. Input validation comes
 * from AWS's "coral" front end, everything else from the DynamoDB service itself; the SDK
 * keeps only what follows the `#`, but tools that compare bodies (and people reading
 * them) see the same string AWS sends.
 */
function namespaceOf(code: string): string {
  if (code === 'ValidationException') return 'com.amazon.coral.validate';
  if (
    code === 'SerializationException' ||
    code === 'UnknownOperationException' ||
    code === 'MissingAuthenticationTokenException'
  ) {
    return 'com.amazon.coral.service';
  }
  return 'com.amazonaws.dynamodb.v20120810';
}

/**
 * A DynamoDB error answer: an {@link AwsError} plus the extra members some DynamoDB errors
 * carry (`CancellationReasons` on `TransactionCanceledException`, `Item` on
 * `ConditionalCheckFailedException` with `ReturnValuesOnConditionCheckFailure=ALL_OLD`).
 */
export class DynamoDbError extends AwsError {
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, statusCode = 400) {
    super(code, message, { statusCode });
    this.name = 'DynamoDbError';
    this.details = details;
  }

  /**
   * The JSON 1.0 body. DynamoDB spells the message `message` on most errors but `Message`
   * on `TransactionCanceledException` (the SDK reads either); a `Message` in `details`
   * therefore replaces the lowercase one.
   */
  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { __type: `${namespaceOf(this.code)}#${this.code}` };
    if (this.details.Message === undefined) body.message = this.message;
    return { ...body, ...this.details };
  }
}

export function isDynamoDbError(error: unknown): error is DynamoDbError {
  return error instanceof DynamoDbError;
}

/** `ValidationException`, the answer to a request DynamoDB refuses before touching data. */
export function validationError(message: string): DynamoDbError {
  return new DynamoDbError('ValidationException', message);
}

/**
 * Rebuilds a {@link DynamoDbError} from an error body dynalite (or DynamoDB) answered, so
 * internal calls can branch on the code and re-answer the error unchanged.
 */
export function parseErrorBody(status: number, body: Buffer | string): DynamoDbError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch {
    return new DynamoDbError('InternalServerError', `dynalite answered ${status} with a non-JSON body`, {}, 500);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return new DynamoDbError('InternalServerError', `dynalite answered ${status} with an unexpected body`, {}, 500);
  }
  const record = parsed as Record<string, unknown>;
  const type = typeof record.__type === 'string' ? record.__type : 'InternalServerError';
  const code = type.slice(type.indexOf('#') + 1);
  const message = [record.message, record.Message].find((value) => typeof value === 'string') ?? '';
  const { __type: _type, message: _message, Message: _Message, ...details } = record;
  return new DynamoDbError(code, String(message), details, status);
}
