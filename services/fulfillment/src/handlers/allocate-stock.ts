import { composeSagaTasks } from '../compose-saga.ts';
import { createSagaTaskHandlers } from './saga-tasks.ts';

/** The `allocateStock` task of the fulfillment saga: ALLOCATE_STOCK, the saga's first step. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).allocateStock;
