import { createSagaTaskHandlers } from '../adapters/saga-task-handlers.ts';
import { composeSagaTasks } from '../compose-saga.ts';

/** The `cancelCarrierBooking` task of the fulfillment saga: the compensation of BOOK_CARRIER. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).cancelCarrierBooking;
