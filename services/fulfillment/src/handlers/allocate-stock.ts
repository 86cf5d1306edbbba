import { createSagaTaskHandlers } from '../adapters/saga-task-handlers.ts';
import { composeSagaTasks } from '../compose-saga.ts';

/** The `allocateStock` task of the fulfillment saga: ALLOCATE_STOCK, the saga's first step. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).allocateStock;
