import { createSagaTaskHandlers } from '../adapters/saga-task-handlers.ts';
import { composeSagaTasks } from '../compose-saga.ts';

/** The `voidLabel` task of the fulfillment saga: the compensation of CREATE_LABEL. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).voidLabel;
