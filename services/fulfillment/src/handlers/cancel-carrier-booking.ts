import { composeSagaTasks } from '../compose-saga.ts';
import { createSagaTaskHandlers } from './saga-tasks.ts';

/** The `cancelCarrierBooking` task of the fulfillment saga: the compensation of BOOK_CARRIER. */
export const handler = createSagaTaskHandlers(composeSagaTasks()).cancelCarrierBooking;
