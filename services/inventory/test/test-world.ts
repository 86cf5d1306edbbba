import type { EventDetail, OrderPlacedV1 } from '@shop/events';
import { createEvent } from '@shop/shared/envelope';
import { createInMemoryPublisher } from '@shop/shared/testing';
import { InMemoryOrderReader } from '../src/adapters/in-memory-order-reader.ts';
import { InMemoryStockRepository } from '../src/adapters/in-memory-stock-repository.ts';
import { catalogue } from '../src/domain/catalogue.ts';
import type { Reservation, ReservationLine } from '../src/domain/reservation.ts';
import { seedCatalogue } from '../src/domain/seed-catalogue.ts';

/** The in-memory world the inventory use cases run in, seeded with the catalogue. */
export async function createTestWorld() {
  const stock = new InMemoryStockRepository();
  await seedCatalogue(stock, catalogue);
  const orders = new InMemoryOrderReader();
  const publisher = createInMemoryPublisher();
  let reservationCounter = 0;
  return {
    stock,
    orders,
    publisher,
    clock: () => new Date('2026-11-24T10:00:05.000Z'),
    newReservationId: () => {
      reservationCounter += 1;
      return `res_${reservationCounter}`;
    },
  };
}

/** An OrderPlaced v1 envelope as the consumer receives it after schema validation. */
export function orderPlaced(orderId: string, overrides: Partial<OrderPlacedV1['metadata']> = {}): OrderPlacedV1 {
  return {
    metadata: {
      eventId: '8a6f0c3e-2d41-4b7a-9e15-3c7d2f9b4a61',
      idempotencyKey: `OrderPlaced:${orderId}`,
      correlationId: `corr-${orderId}`,
      causationId: 'req-1',
      version: 1,
      occurredAt: '2026-11-24T10:00:00.000Z',
      ...overrides,
    },
    data: { orderId, customerId: 'cus-1', total: { amount: 6200, currency: 'EUR' }, lineCount: 2 },
  };
}

/** A RESERVED record with a real outcome event, for tests that reserve stock directly. */
export function reservedRecord(orderId: string, lines: ReservationLine[]): Reservation {
  const reservationId = `res_${orderId}`;
  return {
    orderId,
    status: 'RESERVED',
    lines,
    createdAt: '2026-11-24T10:00:00.000Z',
    reservationId,
    outcomeEvent: createEvent(
      'InventoryReserved',
      { orderId, customerId: 'cus_test', reservationId, total: { amount: 0, currency: 'EUR' } },
      { idempotencyKey: `InventoryReserved:${orderId}`, correlationId: orderId, causationId: 'test' },
    ),
  };
}

/** An OrderCancelled v1 envelope as the consumer receives it after schema validation. */
export function orderCancelled(
  orderId: string,
  data: Partial<EventDetail<'OrderCancelled'>['data']> = {},
): EventDetail<'OrderCancelled'> {
  return {
    metadata: {
      eventId: '9c1e3a5b-7d9f-4b2d-8f4a-6c8e0a2c4e69',
      idempotencyKey: `OrderCancelled:${orderId}`,
      correlationId: `corr-${orderId}`,
      causationId: 'req-cancel',
      version: 1,
      occurredAt: '2026-11-24T10:01:00.000Z',
    },
    data: { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'RESERVED', ...data },
  };
}
