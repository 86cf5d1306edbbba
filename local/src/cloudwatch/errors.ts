import { AwsError } from '../edge/aws-error.ts';

/**
 * CloudWatch's errors. CloudWatch was a query-protocol service: the JSON and CBOR protocols name
 * a modelled error by its shape (`InvalidParameterValueException`) and carry the query code
 * (`InvalidParameterValue`) in `x-amzn-query-error`, which SDKs read as the error's `Code`. Codes
 * and statuses are the ones in CloudWatch's Smithy model; `ValidationError` is the common error
 * AWS answers for a request that breaks a constraint the model does not name.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html
 */
function cloudWatchError(code: string, message: string, queryCode: string, statusCode = 400): AwsError {
  return new AwsError(code, message, { statusCode, queryCode });
}

export const invalidParameterValue = (message: string): AwsError =>
  cloudWatchError('InvalidParameterValueException', message, 'InvalidParameterValue');

export const missingParameter = (parameter: string): AwsError =>
  cloudWatchError('MissingRequiredParameterException', `The parameter ${parameter} is required.`, 'MissingParameter');

export const invalidParameterCombination = (message: string): AwsError =>
  cloudWatchError('InvalidParameterCombinationException', message, 'InvalidParameterCombination');

export const validationError = (message: string): AwsError =>
  cloudWatchError('ValidationError', message, 'ValidationError');

export const resourceNotFound = (message: string): AwsError =>
  cloudWatchError('ResourceNotFound', message, 'ResourceNotFound', 404);

export const dashboardNotFound = (message: string): AwsError =>
  cloudWatchError('DashboardNotFoundError', message, 'ResourceNotFound', 404);

export const dashboardInvalidInput = (message: string): AwsError =>
  cloudWatchError('DashboardInvalidInputError', message, 'InvalidParameterInput');

export const invalidFormat = (message: string): AwsError =>
  cloudWatchError('InvalidFormatFault', message, 'InvalidFormat');

export const invalidNextToken = (): AwsError =>
  cloudWatchError('InvalidNextToken', 'The service returned an invalid NextToken.', 'InvalidNextToken');
