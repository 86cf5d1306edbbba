import { composeSagaTasks } from '../compose-saga.ts';
import { createSagaTaskHandlers } from './saga-tasks.ts';

/** The `createLabel` task of the fulfillment saga: CREATE_LABEL, after which the order counts as shipped. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).createLabel;
