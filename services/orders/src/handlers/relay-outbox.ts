import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Logger } from '@shop/shared/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { composeRelayOutbox } from '../compose.ts';
import type { RelayOutboxResult } from '../domain/relay-outbox.ts';

export interface RelayOutboxHandlerDependencies {
  relayOutbox: () => Promise<RelayOutboxResult>;
  logger: Logger;
}

/**
 * The scheduled outbox relay (EventBridge Scheduler rule, every minute). A run that leaves
 * events unpublished fails, so the function's Errors metric (and its alarm) shows a bus or
 * permission problem; Lambda's async retries and the next scheduled run both try again.
 */
export function createRelayOutboxHandler(deps: RelayOutboxHandlerDependencies) {
  return middy<ScheduledEvent, RelayOutboxResult, Error, Context>()
    .use(injectLambdaContext(deps.logger, { clearState: true }))
    .handler(async () => {
      const result = await deps.relayOutbox();
      deps.logger.info('Outbox relay run finished', { ...result });
      if (result.failed > 0) {
        throw new Error(`${result.failed} outbox event(s) are still unpublished`);
      }
      return result;
    });
}

export const handler = createRelayOutboxHandler(composeRelayOutbox());
