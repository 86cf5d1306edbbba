import { createSagaTaskHandlers } from '../adapters/saga-task-handlers.ts';
import { composeSagaTasks } from '../compose-saga.ts';

/** The `releaseAllocation` task of the fulfillment saga: the compensation of ALLOCATE_STOCK. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).releaseAllocation;
