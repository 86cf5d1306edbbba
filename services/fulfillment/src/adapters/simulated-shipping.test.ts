import { describe, expect, it } from 'vitest';
import { SimulatedCarrier, SimulatedLabelService } from './simulated-shipping.ts';

describe('SimulatedCarrier', () => {
  it('answers the same booking for the same order, as a carrier API with an idempotency key does', async () => {
    const carrier = new SimulatedCarrier();

    expect(await carrier.book('ord_1')).toEqual(await carrier.book('ord_1'));
    expect((await carrier.book('ord_1')).bookingId).not.toBe((await carrier.book('ord_2')).bookingId);
  });

  it('cancels a booking once however often it is asked', async () => {
    const carrier = new SimulatedCarrier();
    const booking = { ...(await carrier.book('ord_1')), completedAt: '2026-11-24T10:00:00.000Z' };

    await carrier.cancel(booking);
    await carrier.cancel(booking);

    expect(carrier.cancelled).toEqual([booking.bookingId]);
  });
});

describe('SimulatedLabelService', () => {
  it('prints one label per order and booking', async () => {
    const labels = new SimulatedLabelService();
    const booking = { bookingId: 'bkg_1', carrier: 'PARCELNET', trackingNumber: 'PN1EU', completedAt: 'x' };

    expect(await labels.create('ord_1', booking)).toEqual(await labels.create('ord_1', booking));
    expect((await labels.create('ord_1', booking)).shipmentId).not.toBe(
      (await labels.create('ord_2', booking)).shipmentId,
    );
  });
});
