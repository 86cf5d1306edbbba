import type { ReserveOutcome, StockItem, StockRepository } from '../domain/ports.ts';
import type { Reservation } from '../domain/reservation.ts';

interface StockLevel {
  sku: string;
  name: string;
  available: number;
  reserved: number;
}

/**
 * A StockRepository in memory with the DynamoDB one's semantics (all-or-nothing reservation and
 * release, create-once reservation records, seeds that never overwrite), for use-case and
 * handler tests.
 */
export class InMemoryStockRepository implements StockRepository {
  readonly #stock = new Map<string, StockLevel>();
  readonly #reservations = new Map<string, Reservation>();

  async reserve(reservation: Reservation): Promise<ReserveOutcome> {
    if (this.#reservations.has(reservation.orderId)) {
      return 'ALREADY_RECORDED';
    }
    const serviceable = reservation.lines.every(
      ({ sku, quantity }) => (this.#stock.get(sku)?.available ?? Number.NEGATIVE_INFINITY) >= quantity,
    );
    if (!serviceable) {
      return 'NOT_RESERVED';
    }
    for (const { sku, quantity } of reservation.lines) {
      const level = this.#stock.get(sku);
      if (level !== undefined) {
        level.available -= quantity;
        level.reserved += quantity;
      }
    }
    this.#reservations.set(reservation.orderId, structuredClone(reservation));
    return 'RESERVED';
  }

  async recordReservation(reservation: Reservation): Promise<'RECORDED' | 'ALREADY_RECORDED'> {
    if (this.#reservations.has(reservation.orderId)) {
      return 'ALREADY_RECORDED';
    }
    this.#reservations.set(reservation.orderId, structuredClone(reservation));
    return 'RECORDED';
  }

  async release(released: Reservation): Promise<'RELEASED' | 'NOT_RESERVED'> {
    if (this.#reservations.get(released.orderId)?.status !== 'RESERVED') {
      return 'NOT_RESERVED';
    }
    const short = released.lines.find(({ sku, quantity }) => (this.#stock.get(sku)?.reserved ?? 0) < quantity);
    if (short !== undefined) {
      throw new Error(`SKU ${short.sku} holds less reserved stock than the reservation of ${released.orderId}`);
    }
    for (const { sku, quantity } of released.lines) {
      const level = this.#stock.get(sku);
      if (level !== undefined) {
        level.available += quantity;
        level.reserved -= quantity;
      }
    }
    this.#reservations.set(released.orderId, structuredClone(released));
    return 'RELEASED';
  }

  async findReservation(orderId: string): Promise<Reservation | undefined> {
    const reservation = this.#reservations.get(orderId);
    return reservation === undefined ? undefined : structuredClone(reservation);
  }

  async findAvailableStock(skus: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (const sku of skus) {
      const level = this.#stock.get(sku);
      if (level !== undefined) {
        found.set(sku, level.available);
      }
    }
    return found;
  }

  async addStockIfAbsent(item: StockItem): Promise<'ADDED' | 'KEPT'> {
    if (this.#stock.has(item.sku)) {
      return 'KEPT';
    }
    this.#stock.set(item.sku, { ...item, reserved: 0 });
    return 'ADDED';
  }

  /** The stock level of a SKU, for assertions. */
  levelOf(sku: string): { available: number; reserved: number } | undefined {
    const level = this.#stock.get(sku);
    return level === undefined ? undefined : { available: level.available, reserved: level.reserved };
  }
}
