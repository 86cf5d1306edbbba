import { composeSagaTasks } from '../compose-saga.ts';
import { createSagaTaskHandlers } from './saga-tasks.ts';

/** The `releaseAllocation` task of the fulfillment saga: the compensation of ALLOCATE_STOCK. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).releaseAllocation;
