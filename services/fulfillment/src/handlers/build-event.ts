import type { EventName } from '@shop/events';
import type { OutgoingEvent } from '@shop/shared/envelope';
import type { Logger } from '@shop/shared/logger';
import { createStepFunctionsTask } from '@shop/shared/step-functions-task';
import { validateEvent } from '@shop/shared/validate-event';
import { parseBuildEventRequest, sagaCorrelation } from '../adapters/saga-payload.ts';
import { composeSagaTasks } from '../compose-saga.ts';
import type { BuildOutcomeEventRequest } from '../domain/outcome-event.ts';

export interface BuildEventHandlerDependencies {
  buildOutcomeEvent: (request: BuildOutcomeEventRequest) => Promise<OutgoingEvent>;
  logger: Logger;
}

/**
 * The `buildEvent` task: returns `{ name, source, detail }` of OrderShipped or
 * FulfillmentFailed for the next state to send with `events:putEvents`
 * (`'Detail.$': 'States.JsonToString($.event.detail)'`). The detail is validated against the
 * catalog here, because Step Functions sends whatever it is given: an invalid event fails this
 * task (EventValidationError, not retried) instead of reaching the bus. Only this task bundles
 * the validator.
 */
export function createBuildEventHandler(deps: BuildEventHandlerDependencies) {
  return createStepFunctionsTask({
    name: 'buildEvent',
    logger: deps.logger,
    parse: (payload) => {
      const request = parseBuildEventRequest(payload);
      return { request, correlation: sagaCorrelation(request.saga) };
    },
    run: async (request) => {
      const event = await deps.buildOutcomeEvent(request);
      const detail = validateEvent(event.name as EventName, event.detail.metadata.version, event.detail);
      return { name: event.name, source: event.source, detail };
    },
  });
}

export const handler = createBuildEventHandler(composeSagaTasks());
