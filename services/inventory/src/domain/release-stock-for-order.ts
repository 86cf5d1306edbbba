import type { EventDetail } from '@shop/events';
import { causedBy, createEvent } from '@shop/shared/envelope';
import type { EventPublisher } from '@shop/shared/publisher';
import { ReservationChangedError } from './errors.ts';
import type { Clock, StockRepository } from './ports.ts';
import type { Reservation } from './reservation.ts';

export interface ReleaseStockDependencies {
  stock: StockRepository;
  publisher: EventPublisher;
  clock: Clock;
}

/** What a cancellation did to the order's stock; Powertools stores it as the idempotent result. */
export interface ReleaseStockResult {
  orderId: string;
  /**
   * RELEASED: the held stock is available again (InventoryReleased announced).
   * NOTHING_RESERVED: the reservation had failed; nothing was held.
   * CANCELLATION_RECORDED: nothing was decided yet; the cancellation is recorded so a late
   * OrderPlaced reserves nothing.
   */
  outcome: 'RELEASED' | 'NOTHING_RESERVED' | 'CANCELLATION_RECORDED';
  reservationId?: string;
  /** True when this cancellation had been handled before (its InventoryReleased is announced again). */
  replayed: boolean;
}

/** How often to read and decide again when a reservation is written at the same moment. */
const MAX_ATTEMPTS = 3;

/**
 * Compensates a cancelled order in inventory (compensation by OrderCancelled, docs/architecture.md#compensation):
 * - a RESERVED reservation is released: stock back on every line and the record RELEASED, in
 *   one atomic write conditional on the record still being RESERVED, then InventoryReleased;
 * - no reservation yet (the cancellation overtook OrderPlaced): a CANCELLED record is written,
 *   create-once like every reservation record, so the late OrderPlaced finds it and reserves
 *   nothing; nothing is announced, because nothing was held;
 * - a FAILED reservation held nothing: nothing to do.
 * A repeat (RELEASED, CANCELLED) changes nothing; a RELEASED one announces its recorded
 * InventoryReleased again, which covers a first attempt whose publish failed after its write.
 */
export function createReleaseStockForOrder(
  deps: ReleaseStockDependencies,
): (envelope: EventDetail<'OrderCancelled'>) => Promise<ReleaseStockResult> {
  return async (envelope) => {
    const { orderId } = envelope.data;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const now = deps.clock().toISOString();
      const recorded = await deps.stock.findReservation(orderId);
      if (recorded === undefined) {
        const cancelled: Reservation = { orderId, status: 'CANCELLED', lines: [], createdAt: now };
        if ((await deps.stock.recordReservation(cancelled)) === 'RECORDED') {
          return { orderId, outcome: 'CANCELLATION_RECORDED', replayed: false };
        }
        continue; // a reservation was recorded meanwhile: decide on it
      }
      switch (recorded.status) {
        case 'CANCELLED':
          return { orderId, outcome: 'CANCELLATION_RECORDED', replayed: true };
        case 'FAILED':
          return { orderId, outcome: 'NOTHING_RESERVED', replayed: false };
        case 'RELEASED':
          return announceRelease(deps, recorded, true);
        case 'RESERVED': {
          const { reservationId } = recorded;
          if (reservationId === undefined) {
            throw new Error(`The RESERVED record of order ${orderId} has no reservationId`);
          }
          const released: Reservation = {
            ...recorded,
            status: 'RELEASED',
            releasedAt: now,
            releaseEvent: createEvent(
              'InventoryReleased',
              { orderId, reservationId },
              { idempotencyKey: `InventoryReleased:${orderId}`, ...causedBy(envelope) },
              new Date(now),
            ),
          };
          if ((await deps.stock.release(released)) === 'RELEASED') {
            return announceRelease(deps, released, false);
          }
          continue; // released meanwhile by another delivery: read what it recorded
        }
      }
    }
    throw new ReservationChangedError(orderId);
  };
}

async function announceRelease(
  deps: ReleaseStockDependencies,
  released: Reservation,
  replayed: boolean,
): Promise<ReleaseStockResult> {
  if (released.releaseEvent !== undefined) {
    await deps.publisher.publish([released.releaseEvent]);
  }
  return {
    orderId: released.orderId,
    outcome: 'RELEASED',
    ...(released.reservationId === undefined ? {} : { reservationId: released.reservationId }),
    replayed,
  };
}
