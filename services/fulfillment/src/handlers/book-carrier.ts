import { composeSagaTasks } from '../compose-saga.ts';
import { createSagaTaskHandlers } from './saga-tasks.ts';

/** The `bookCarrier` task of the fulfillment saga: BOOK_CARRIER. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).bookCarrier;
