import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Context } from 'aws-lambda';

/** Sends the custom resource's answer; `sendCloudFormationResponse` is the real one. */
export type CustomResourceResponder = (
  responseUrl: string,
  response: CloudFormationCustomResourceResponse,
) => Promise<void>;

/** What the work reports back: attributes other resources can read with `Fn::GetAtt`. */
export type CustomResourceData = Record<string, string>;

/** Time kept back from the function's timeout to answer FAILED before Lambda stops the work. */
const ANSWER_MARGIN_MS = 3_000;
/** CloudFormation rejects a response body over 4096 bytes; the reason is where that could happen. */
const MAX_REASON_LENGTH = 1_000;

/**
 * Runs the work of a CloudFormation custom resource and ALWAYS answers CloudFormation, because a
 * custom resource that never answers holds the stack in CREATE_IN_PROGRESS for an hour. A thrown
 * error answers FAILED with its message; work about to outlive the function answers FAILED
 * before the timeout. The physical id is kept on Update and Delete (a new id on Update would make
 * CloudFormation delete the "old" resource).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
export async function answerCustomResource(
  event: CloudFormationCustomResourceEvent,
  context: Pick<Context, 'getRemainingTimeInMillis' | 'logStreamName'>,
  work: () => Promise<CustomResourceData | undefined>,
  respond: CustomResourceResponder,
): Promise<CloudFormationCustomResourceResponse> {
  const physicalResourceId =
    event.RequestType === 'Create' ? `${event.LogicalResourceId}-${event.RequestId}` : event.PhysicalResourceId;
  const common = {
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  let response: CloudFormationCustomResourceResponse;
  try {
    const data = await withDeadline(work(), context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS);
    response = {
      ...common,
      Status: 'SUCCESS',
      Reason: `See CloudWatch log stream ${context.logStreamName}`,
      ...(data === undefined ? {} : { Data: data }),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    response = { ...common, Status: 'FAILED', Reason: reason.slice(0, MAX_REASON_LENGTH) };
  }
  await respond(event.ResponseURL, response);
  return response;
}

async function withDeadline<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error('The custom resource did not finish before the function timeout')),
      Math.max(budgetMs, 0),
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PUTs the response JSON to the pre-signed S3 URL CloudFormation gave. The content type must be
 * empty: the URL is signed without one, and S3 rejects a request whose headers differ.
 * A failed PUT throws, so the (asynchronous) invocation is retried by Lambda and the work,
 * which must be idempotent, runs again and answers again.
 */
export async function sendCloudFormationResponse(
  responseUrl: string,
  response: CloudFormationCustomResourceResponse,
): Promise<void> {
  const result = await fetch(responseUrl, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify(response),
  });
  if (!result.ok) {
    throw new Error(`CloudFormation's response URL answered ${result.status} ${result.statusText}`);
  }
}
