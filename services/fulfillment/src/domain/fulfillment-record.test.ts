import { describe, expect, it } from 'vitest';
import { OrderCancelledError, SagaCompensatingError } from './errors.ts';
import {
  decideCancellation,
  decideCompensation,
  decideForwardStep,
  type FulfillmentRecord,
} from './fulfillment-record.ts';

const orderId = 'ord_1';
const allocation = { allocationId: 'alc_1', completedAt: '2026-11-24T10:00:00.000Z' };
const booking = {
  bookingId: 'bkg_1',
  carrier: 'PARCELNET',
  trackingNumber: 'PN1EU',
  completedAt: '2026-11-24T10:00:01.000Z',
};
const label = { shipmentId: 'shp_1', completedAt: '2026-11-24T10:00:02.000Z' };
const cancellation = { recordedAt: '2026-11-24T10:00:03.000Z', reason: 'CUSTOMER_REQUEST', eventId: 'evt-1' };

const record = (overrides: Partial<FulfillmentRecord> = {}): FulfillmentRecord => ({
  orderId,
  steps: {},
  ...overrides,
});

describe('decideForwardStep', () => {
  it('performs a step that has no record yet, including for an order fulfillment never saw', () => {
    expect(decideForwardStep(undefined, orderId, 'ALLOCATE_STOCK')).toEqual({ action: 'PERFORM' });
    expect(decideForwardStep(record({ steps: { ALLOCATE_STOCK: allocation } }), orderId, 'BOOK_CARRIER')).toEqual({
      action: 'PERFORM',
    });
  });

  it('replays what a step recorded instead of doing it again', () => {
    expect(decideForwardStep(record({ steps: { ALLOCATE_STOCK: allocation } }), orderId, 'ALLOCATE_STOCK')).toEqual({
      action: 'REPLAY',
      recorded: allocation,
    });
  });

  it('refuses with OrderCancelledError once the order is cancelled, even a step that completed before', () => {
    const decision = decideForwardStep(
      record({ steps: { ALLOCATE_STOCK: allocation }, cancellation }),
      orderId,
      'ALLOCATE_STOCK',
    );

    expect(decision.action === 'REFUSE' && decision.error).toBeInstanceOf(OrderCancelledError);
  });

  it('refuses with SagaCompensatingError once compensation has begun, so a re-run never goes forward', () => {
    const decision = decideForwardStep(
      record({ steps: { ALLOCATE_STOCK: { ...allocation, undoneAt: 'later' } }, compensatingSince: 'later' }),
      orderId,
      'ALLOCATE_STOCK',
    );

    expect(decision.action === 'REFUSE' && decision.error).toBeInstanceOf(SagaCompensatingError);
  });
});

describe('decideCompensation', () => {
  it('undoes a completed step once', () => {
    expect(decideCompensation(record({ steps: { BOOK_CARRIER: booking } }), 'BOOK_CARRIER')).toBe('UNDO');
    expect(decideCompensation(record({ steps: { BOOK_CARRIER: { ...booking, undoneAt: 'x' } } }), 'BOOK_CARRIER')).toBe(
      'ALREADY_UNDONE',
    );
  });

  it('has nothing to undo for a step that never completed', () => {
    expect(decideCompensation(record({ steps: { ALLOCATE_STOCK: allocation } }), 'CREATE_LABEL')).toBe(
      'NOTHING_TO_UNDO',
    );
    expect(decideCompensation(undefined, 'ALLOCATE_STOCK')).toBe('NOTHING_TO_UNDO');
  });
});

describe('decideCancellation', () => {
  it('records a cancellation of an order that has no label', () => {
    expect(decideCancellation(undefined)).toBe('RECORD');
    expect(decideCancellation(record({ steps: { ALLOCATE_STOCK: allocation, BOOK_CARRIER: booking } }))).toBe('RECORD');
  });

  it('is too late once the label exists: the order has shipped', () => {
    expect(decideCancellation(record({ steps: { CREATE_LABEL: label } }))).toBe('TOO_LATE');
  });

  it('records it when the label belongs to a saga that is being undone', () => {
    expect(decideCancellation(record({ steps: { CREATE_LABEL: label }, compensatingSince: 'x' }))).toBe('RECORD');
  });

  it('records a cancellation once', () => {
    expect(decideCancellation(record({ cancellation }))).toBe('ALREADY_RECORDED');
  });
});
