import { createSagaTaskHandlers } from '../adapters/saga-task-handlers.ts';
import { composeSagaTasks } from '../compose-saga.ts';

/** The `bookCarrier` task of the fulfillment saga: BOOK_CARRIER. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).bookCarrier;
