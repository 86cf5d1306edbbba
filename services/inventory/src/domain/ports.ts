import type { OrdersReadOrderLinesV1, OrdersReadOrderNotFoundV1 } from '@shop/events';
import type { Reservation } from './reservation.ts';

/** What a reservation attempt came to. */
export type ReserveOutcome =
  /** Every line was reserved and the reservation recorded, in one atomic write. */
  | 'RESERVED'
  /** The order already has a reservation record: it was handled before, nothing changed now. */
  | 'ALREADY_RECORDED'
  /** At least one line could not be reserved (unknown SKU or too little stock): nothing changed. */
  | 'NOT_RESERVED';

/** A stock level as the catalogue seed writes it. */
export interface StockItem {
  sku: string;
  name: string;
  available: number;
}

/** Stock levels and reservation records. */
export interface StockRepository {
  /**
   * Reserves every line of `reservation` and records it, all or nothing: a line whose SKU does
   * not exist or whose available stock is below its quantity cancels the whole write.
   */
  reserve(reservation: Reservation): Promise<ReserveOutcome>;
  /** Records a reservation (a FAILED or CANCELLED one) unless the order already has one. */
  recordReservation(reservation: Reservation): Promise<'RECORDED' | 'ALREADY_RECORDED'>;
  /**
   * Gives back the stock of every line of `released` (a RELEASED copy of a RESERVED record) and
   * records it as RELEASED, all or nothing, only while the stored record is still RESERVED.
   * NOT_RESERVED: the record is no longer RESERVED (released meanwhile); nothing changed.
   */
  release(released: Reservation): Promise<'RELEASED' | 'NOT_RESERVED'>;
  findReservation(orderId: string): Promise<Reservation | undefined>;
  /** The available stock of those of `skus` that exist; unknown SKUs are absent from the map. */
  findAvailableStock(skus: readonly string[]): Promise<Map<string, number>>;
  /** Adds a SKU with its starting stock unless it exists: live stock is never overwritten. */
  addStockIfAbsent(item: StockItem): Promise<'ADDED' | 'KEPT'>;
}

/** The orders read interface's answer to `GetOrderLines`: the lines, or `found: false`. */
export type OrderLinesAnswer = OrdersReadOrderLinesV1 | OrdersReadOrderNotFoundV1;

/**
 * The orders context's read interface, which says what the thin `OrderPlaced` leaves out (the
 * lines). `found: false` is an answer, not an error: the event may arrive before the order is
 * readable. A failure to get an answer at all throws.
 */
export interface OrderReader {
  readOrder(orderId: string): Promise<OrderLinesAnswer>;
}

export type Clock = () => Date;
