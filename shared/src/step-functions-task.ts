/**
 * The shape of every Lambda task a Step Functions state machine invokes
 * (`arn:aws:states:::lambda:invoke`): check the Payload at the edge, tag the logs with the
 * flow's correlation id, run one use case, return its plain result (the task's `Payload`).
 * Errors are rethrown as they are: Lambda reports them under their `name` as the task's error,
 * and the state machine's Retry and Catch decide what follows. Its Retry blocks skip exactly
 * the errors `isRetryable` refuses (each service's tests hold them to it), and the log says
 * which it is.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { describeError, isDomainError, isRetryable } from './errors.ts';
import { type CorrelationSource, inCorrelation } from './logger.ts';

export interface StepFunctionsTaskOptions<I, R> {
  /** The task's name in logs (`allocateStock`, ...). */
  readonly name: string;
  readonly logger: Logger;
  /**
   * Checks the Payload the state machine sends (throw a `ValidationError`: a malformed payload
   * is a wiring bug, never retried); answers the use case's request and the correlation keys.
   */
  readonly parse: (payload: unknown) => {
    readonly request: I;
    readonly correlation: { readonly source: CorrelationSource; readonly orderId?: string };
  };
  readonly run: (request: I) => Promise<R>;
}

/** A Lambda handler invoked by a `arn:aws:states:::lambda:invoke` task. */
export type StepFunctionsTaskHandler<R> = MiddyfiedHandler<unknown, R, Error, Context>;

/** Builds a task's handler (see the module comment). */
export function createStepFunctionsTask<I, R>(options: StepFunctionsTaskOptions<I, R>): StepFunctionsTaskHandler<R> {
  const { name, logger } = options;
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (payload) => {
      const { request, correlation } = options.parse(payload);
      return inCorrelation(logger, correlation.source, correlation.orderId, async () => {
        try {
          const result = await options.run(request);
          logger.info(`${name} completed`, { result });
          return result;
        } catch (error) {
          // A domain error is a decision (cancelled, fault switch): the state machine handles it.
          const next = isRetryable(error)
            ? 'the state machine retries it'
            : 'not retryable: the state machine compensates';
          logger[isDomainError(error) ? 'warn' : 'error'](`${name} failed; ${next}`, { error: describeError(error) });
          throw error;
        }
      });
    });
}
