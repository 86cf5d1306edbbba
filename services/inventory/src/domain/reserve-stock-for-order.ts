import type { OrderPlacedV1 } from '@shop/events';
import { causedBy, createEvent } from '@shop/shared/envelope';
import type { EventPublisher } from '@shop/shared/publisher';
import { OrderNotReadableYetError, StockContentionError } from './errors.ts';
import type { Clock, OrderReader, StockRepository } from './ports.ts';
import {
  findShortfall,
  mergeLinesBySku,
  type Reservation,
  type ReservationStatus,
  type Shortfall,
} from './reservation.ts';

export interface ReserveStockDependencies {
  stock: StockRepository;
  orders: OrderReader;
  publisher: EventPublisher;
  clock: Clock;
  newReservationId: () => string;
}

/** What happened to the order; Powertools stores it as the result of the idempotent call. */
export interface ReserveStockResult {
  orderId: string;
  /** RELEASED or CANCELLED: the order was cancelled before this delivery, which changed nothing. */
  status: ReservationStatus;
  reservationId?: string;
  shortfall?: Shortfall;
  /** True when the order had been decided before and its recorded event was announced again. */
  replayed: boolean;
}

/**
 * Reserves the stock of a placed order: every line or none (docs/architecture.md#the-order-flow, step 2).
 *
 * The lines are not in the thin `OrderPlaced`, so they are read from the orders read interface
 * first; an order it does not know yet is retried, not dropped. The reservation is one atomic
 * write (all lines plus a reservation record that can only be created once), so a duplicate
 * delivery can never reserve twice even when the idempotency layer is bypassed or expired.
 *
 * A refused reservation is recorded as FAILED with the SKUs at fault and announced as
 * `InventoryReservationFailed`; stock is untouched. When the order was decided before, the
 * recorded event is announced again unchanged (same eventId and idempotency key): that covers a
 * first attempt whose publish failed after its write, and consumers absorb the repeat.
 *
 * An order cancelled before this delivery (its record is CANCELLED, or RELEASED) reserves
 * nothing and announces nothing: orders already knows the order is cancelled, and the stock
 * stays free. The record, written only once per order, is what makes that safe when the
 * cancellation overtook OrderPlaced (see the service README).
 */
export function createReserveStockForOrder(
  deps: ReserveStockDependencies,
): (envelope: OrderPlacedV1) => Promise<ReserveStockResult> {
  return async (envelope) => {
    const { orderId } = envelope.data;
    const answer = await deps.orders.readOrder(orderId);
    if (!answer.found) {
      throw new OrderNotReadableYetError(orderId);
    }
    const lines = mergeLinesBySku(answer.order.lines);
    const { total } = answer.order;
    const now = deps.clock();
    const cause = causedBy(envelope);
    const reservationId = deps.newReservationId();
    const reserved: Reservation = {
      orderId,
      status: 'RESERVED',
      lines,
      createdAt: now.toISOString(),
      reservationId,
      outcomeEvent: createEvent(
        'InventoryReserved',
        { orderId, customerId: envelope.data.customerId, reservationId, total },
        { idempotencyKey: `InventoryReserved:${orderId}`, ...cause },
        now,
      ),
    };
    const outcome = await deps.stock.reserve(reserved);
    if (outcome === 'RESERVED') {
      return announce(deps, reserved, false);
    }
    if (outcome === 'ALREADY_RECORDED') {
      return announceRecorded(deps, orderId);
    }
    const shortfall = findShortfall(lines, await deps.stock.findAvailableStock(lines.map(({ sku }) => sku)));
    if (shortfall === undefined) {
      throw new StockContentionError(orderId);
    }
    const failed: Reservation = {
      orderId,
      status: 'FAILED',
      lines,
      createdAt: now.toISOString(),
      shortfall,
      outcomeEvent: createEvent(
        'InventoryReservationFailed',
        { orderId, reason: shortfall.reason, skus: shortfall.skus },
        { idempotencyKey: `InventoryReservationFailed:${orderId}`, ...cause },
        now,
      ),
    };
    if ((await deps.stock.recordReservation(failed)) === 'ALREADY_RECORDED') {
      return announceRecorded(deps, orderId);
    }
    return announce(deps, failed, false);
  };
}

async function announceRecorded(deps: ReserveStockDependencies, orderId: string): Promise<ReserveStockResult> {
  const recorded = await deps.stock.findReservation(orderId);
  if (recorded === undefined) {
    // Only reachable if the record vanished between the refused write and this read.
    throw new StockContentionError(orderId);
  }
  if (recorded.status === 'CANCELLED' || recorded.status === 'RELEASED') {
    return {
      orderId,
      status: recorded.status,
      ...(recorded.reservationId === undefined ? {} : { reservationId: recorded.reservationId }),
      replayed: false,
    };
  }
  return announce(deps, recorded, true);
}

async function announce(
  deps: ReserveStockDependencies,
  reservation: Reservation,
  replayed: boolean,
): Promise<ReserveStockResult> {
  if (reservation.outcomeEvent !== undefined) {
    await deps.publisher.publish([reservation.outcomeEvent]);
  }
  return {
    orderId: reservation.orderId,
    status: reservation.status,
    ...(reservation.reservationId === undefined ? {} : { reservationId: reservation.reservationId }),
    ...(reservation.shortfall === undefined ? {} : { shortfall: reservation.shortfall }),
    replayed,
  };
}
