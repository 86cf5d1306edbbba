import { composeSagaTasks } from '../compose-saga.ts';
import { createSagaTaskHandlers } from './saga-tasks.ts';

/** The `voidLabel` task of the fulfillment saga: the compensation of CREATE_LABEL. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).voidLabel;
