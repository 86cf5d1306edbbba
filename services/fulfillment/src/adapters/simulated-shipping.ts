import { createHash } from 'node:crypto';
import type { CarrierBooking, ShippingLabel, StepResult } from '../domain/fulfillment-record.ts';
import type { Carrier, LabelService } from '../domain/ports.ts';

/** A short, stable digest of `text`: the simulated providers derive their ids from the order id. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A simulated carrier, standing in for a carrier's booking API. Like a real one called with an
 * idempotency key (the order id), it answers the same booking for the same order, so a step
 * that booked and then crashed before recording books nothing new when it runs again.
 */
export class SimulatedCarrier implements Carrier {
  /** Cancelled bookings, for tests and logs. */
  readonly cancelled: string[] = [];

  async book(orderId: string): Promise<StepResult<'BOOK_CARRIER'>> {
    const hash = digest(`booking:${orderId}`);
    const digits = BigInt(`0x${hash.slice(0, 12)}`)
      .toString()
      .padStart(10, '0')
      .slice(-10);
    return { bookingId: `bkg_${hash.slice(0, 20)}`, carrier: 'PARCELNET', trackingNumber: `PN${digits}EU` };
  }

  /** Cancelling is idempotent: a cancelled booking stays cancelled. */
  async cancel(booking: CarrierBooking): Promise<void> {
    if (!this.cancelled.includes(booking.bookingId)) this.cancelled.push(booking.bookingId);
  }
}

/** A simulated label service: one label per order, idempotent on the order id like the carrier. */
export class SimulatedLabelService implements LabelService {
  /** Voided shipments, for tests and logs. */
  readonly voided: string[] = [];

  async create(orderId: string, booking: CarrierBooking): Promise<StepResult<'CREATE_LABEL'>> {
    return { shipmentId: `shp_${digest(`label:${orderId}:${booking.bookingId}`).slice(0, 24)}` };
  }

  async void(label: ShippingLabel): Promise<void> {
    if (!this.voided.includes(label.shipmentId)) this.voided.push(label.shipmentId);
  }
}
