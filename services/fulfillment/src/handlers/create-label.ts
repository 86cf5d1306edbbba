import { createSagaTaskHandlers } from '../adapters/saga-task-handlers.ts';
import { composeSagaTasks } from '../compose-saga.ts';

/** The `createLabel` task of the fulfillment saga: CREATE_LABEL, after which the order counts as shipped. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).createLabel;
