import { AwsError } from '../edge/aws-error.ts';

/**
 * SQS's errors, with the codes both wire protocols use.
 *
 * The JSON protocol names a modelled error by its shape (`QueueDoesNotExist`); the query
 * protocol, and the `x-amzn-query-error` header SDK v3 reads because SQS is
 * `awsQueryCompatible`, use the older code (`AWS.SimpleQueueService.NonExistentQueue`).
 * The pairs and HTTP statuses come from the SQS Smithy model (`awsQueryError` traits). The
 * common errors the model does not declare have a JSON name of their own:
 * `InvalidParameterValueException` (query `InvalidParameterValue`) and
 * `MissingRequiredParameterException` (query `MissingParameter`). The JSON protocol sends every
 * name in the service's namespace (`com.amazonaws.sqs#QueueDoesNotExist`), which SDKs strip.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 */
function sqsError(code: string, message: string, queryCode: string = code, statusCode = 400): AwsError {
  return new AwsError(code, message, { statusCode, queryCode });
}

export function queueDoesNotExist(): AwsError {
  return sqsError(
    'QueueDoesNotExist',
    'The specified queue does not exist.',
    'AWS.SimpleQueueService.NonExistentQueue',
  );
}

export function queueNameExists(name: string, attribute: string): AwsError {
  return sqsError(
    'QueueNameExists',
    `A queue already exists with the same name (${name}) and a different value for attribute ${attribute}`,
    'QueueAlreadyExists',
  );
}

export function queueDeletedRecently(name: string): AwsError {
  return sqsError(
    'QueueDeletedRecently',
    `You must wait 60 seconds after deleting a queue before you can create another with the same name (${name}).`,
    'AWS.SimpleQueueService.QueueDeletedRecently',
  );
}

export function invalidAddress(address: string): AwsError {
  return sqsError('InvalidAddress', `The address ${address} is not valid for this endpoint.`, 'InvalidAddress', 404);
}

export function invalidParameterValue(message: string): AwsError {
  return sqsError('InvalidParameterValueException', message, 'InvalidParameterValue');
}

/** AWS's wording for a numeric request parameter outside its range. */
export function parameterOutOfRange(parameter: string, value: unknown, reason: string): AwsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
}

export function missingParameter(parameter: string): AwsError {
  return sqsError(
    'MissingRequiredParameterException',
    `The request must contain the parameter ${parameter}.`,
    'MissingParameter',
  );
}

export function invalidAttributeName(name: string): AwsError {
  return sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

export function invalidAttributeValue(name: string, reason?: string): AwsError {
  const suffix = reason ? ` Reason: ${reason}` : '';
  return sqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.${suffix}`);
}

export function invalidMessageContents(message: string): AwsError {
  return sqsError('InvalidMessageContents', message);
}

export function receiptHandleIsInvalid(handle: string): AwsError {
  return sqsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    'ReceiptHandleIsInvalid',
    404,
  );
}

export function messageNotInflight(): AwsError {
  return sqsError('MessageNotInflight', 'The message is not in flight.', 'AWS.SimpleQueueService.MessageNotInflight');
}

export function purgeQueueInProgress(queueName: string): AwsError {
  return sqsError(
    'PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    403,
  );
}

export function emptyBatchRequest(entryName: string): AwsError {
  return sqsError(
    'EmptyBatchRequest',
    `There should be at least one ${entryName} in the request.`,
    'AWS.SimpleQueueService.EmptyBatchRequest',
  );
}

export function tooManyEntriesInBatchRequest(count: number): AwsError {
  return sqsError(
    'TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  );
}

export function batchEntryIdsNotDistinct(id: string): AwsError {
  return sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct');
}

export function invalidBatchEntryId(): AwsError {
  return sqsError(
    'InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
  );
}

export function batchRequestTooLong(limit: number, size: number): AwsError {
  return sqsError(
    'BatchRequestTooLong',
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`,
    'AWS.SimpleQueueService.BatchRequestTooLong',
  );
}

export function unsupportedOperation(message: string): AwsError {
  return sqsError('UnsupportedOperation', message, 'AWS.SimpleQueueService.UnsupportedOperation');
}

/** A parameter that belongs to the other type of queue (deduplication on standard, per-message delay on FIFO). */
export function parameterNotForQueueType(parameter: string, value: unknown): AwsError {
  return invalidParameterValue(
    `Value ${String(value)} for parameter ${parameter} is invalid. Reason: The request include parameter that is not valid for this queue type.`,
  );
}

export function invalidAction(action: string): AwsError {
  return sqsError('InvalidAction', `The action ${action} is not valid for this web service.`);
}

export function resourceNotFound(message: string): AwsError {
  return sqsError('ResourceNotFoundException', message);
}
