import { createHash } from 'node:crypto';
import type { CarrierBooking, ShippingLabel, StepResult } from '../domain/fulfillment-record.ts';
import type { Carrier, LabelService, PrintedLabel } from '../domain/ports.ts';

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

  async create(orderId: string, booking: CarrierBooking): Promise<PrintedLabel> {
    const shipmentId = `shp_${digest(`label:${orderId}:${booking.bookingId}`).slice(0, 24)}`;
    return { shipmentId, document: { contentType: 'image/svg+xml', body: renderLabel(orderId, shipmentId, booking) } };
  }

  async void(label: ShippingLabel): Promise<void> {
    if (!this.voided.includes(label.shipmentId)) this.voided.push(label.shipmentId);
  }
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/**
 * The simulated carrier's label: a 4×6 inch SVG with the carrier, the tracking number, the
 * shipment and the order. (A real carrier's label is a PDF or ZPL document of tens to hundreds
 * of kilobytes with the recipient's address, which fulfillment never sees: the carrier prints it
 * from the booking.) The same order and booking always print the same bytes.
 */
export function renderLabel(orderId: string, shipmentId: string, booking: CarrierBooking): string {
  const rows: Array<[string, string, number]> = [
    ['Carrier', booking.carrier, 36],
    ['Tracking number', booking.trackingNumber, 40],
    ['Shipment', shipmentId, 18],
    ['Order', orderId, 18],
    ['Booking', booking.bookingId, 18],
  ];
  const text = rows
    .map(
      ([label, value, size], index) =>
        `  <text x="24" y="${96 + index * 96}" font-size="16" fill="#555">${escapeXml(label)}</text>\n` +
        `  <text x="24" y="${96 + index * 96 + size + 8}" font-size="${size}" font-weight="bold">${escapeXml(value)}</text>`,
    )
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="4in" height="6in" viewBox="0 0 400 600" font-family="sans-serif">',
    '  <rect x="4" y="4" width="392" height="592" fill="white" stroke="black" stroke-width="4"/>',
    '  <text x="24" y="52" font-size="28" font-weight="bold">SHOP · SHIPPING LABEL</text>',
    text,
    '  <text x="24" y="580" font-size="12" fill="#555">The carrier adds the recipient from the booking.</text>',
    '</svg>',
    '',
  ].join('\n');
}
