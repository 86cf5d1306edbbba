import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import { describeError, isDomainError, isRetryable } from '@shop/shared/errors';
import { withCorrelation } from '@shop/shared/logger';
import type { Context } from 'aws-lambda';
import type { SagaState } from '../domain/saga.ts';

export interface SagaTaskOptions<I, R> {
  /** The task's name in logs (`allocateStock`, ...). */
  readonly name: string;
  readonly logger: Logger;
  /** Validates the Payload the state machine sends; returns the saga state (for the logs) and the request. */
  readonly parse: (payload: unknown) => { saga: SagaState; request: I };
  readonly run: (request: I) => Promise<R>;
}

/** A Lambda handler invoked by a `arn:aws:states:::lambda:invoke` task. */
export type SagaTaskHandler<R> = MiddyfiedHandler<unknown, R, Error, Context>;

/**
 * The shape of every saga task: parse the Payload, tag the logs with the order's correlation
 * id, run one use case, return its plain result (the task's `Payload`). Errors are rethrown
 * as they are: Lambda reports them under their `name` as the task's error, and the state
 * machine's Retry and Catch decide what follows. Its Retry blocks skip exactly the errors
 * `isRetryable` refuses (a test holds them to it).
 */
export function createSagaTaskHandler<I, R>(options: SagaTaskOptions<I, R>): SagaTaskHandler<R> {
  const { name, logger } = options;
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (payload) => {
      const { saga, request } = options.parse(payload);
      withCorrelation(logger, { correlationId: saga.correlationId }, saga.orderId);
      try {
        const result = await options.run(request);
        logger.info(`${name} completed`, { result });
        return result;
      } catch (error) {
        // A domain error is a decision (cancelled, fault switch): the saga handles it.
        const next = isRetryable(error)
          ? 'the state machine retries it'
          : 'not retryable: the state machine compensates';
        logger[isDomainError(error) ? 'warn' : 'error'](`${name} failed; ${next}`, { error: describeError(error) });
        throw error;
      }
    });
}
