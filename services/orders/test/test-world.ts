import type { EventData, EventMap, EventName } from '@shop/events';
import { createEvent } from '@shop/shared/envelope';
import { createInMemoryPublisher, type InMemoryPublisher } from '@shop/shared/testing';
import { InMemoryOrderRepository } from '../src/adapters/in-memory-order-repository.ts';
import { createOrderId } from '../src/domain/order-id.ts';
import { createPlaceOrder } from '../src/domain/place-order.ts';
import type { PlaceOrderCommand } from '../src/domain/place-order-request.ts';
import type { DiagnosticLog } from '../src/domain/ports.ts';
import { priceOf } from '../src/domain/price-list.ts';

/** A diagnostic log that remembers what it was told, for assertions. */
export class RecordingLog implements DiagnosticLog {
  readonly lines: Array<{ level: 'info' | 'warn'; message: string; attributes: Record<string, unknown> }> = [];

  info(message: string, attributes: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, attributes });
  }

  warn(message: string, attributes: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, attributes });
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  #now: Date;

  constructor(start: string) {
    this.#now = new Date(start);
  }

  readonly now = (): Date => new Date(this.#now);

  advanceSeconds(seconds: number): void {
    this.#now = new Date(this.#now.getTime() + seconds * 1000);
  }
}

/** Deterministic order ids: the clock's time plus a counter as the random part. */
export function sequentialOrderIds(): (now: Date) => string {
  let counter = 0;
  return (now) => {
    counter += 1;
    const random = new Uint8Array(10);
    random[9] = counter;
    return createOrderId(now, random);
  };
}

/** The in-memory world a use case of the orders service runs in. */
export function createTestWorld(start = '2026-11-24T10:00:00.000Z') {
  const orders = new InMemoryOrderRepository();
  const publisher: InMemoryPublisher = createInMemoryPublisher();
  const time = new ManualClock(start);
  const log = new RecordingLog();
  return { orders, publisher, time, clock: time.now, log, newOrderId: sequentialOrderIds(), priceOf };
}

/** A valid place-order command, for tests that need an order and do not care which. */
export function aCommand(overrides: Partial<PlaceOrderCommand> = {}): PlaceOrderCommand {
  return {
    customerId: 'cus-1',
    email: 'ada@example.com',
    currency: 'EUR',
    lines: [{ sku: 'CAP-NAVY', quantity: 2 }],
    ...overrides,
  };
}

/** Places an order in `world` and returns its id. */
export async function placeAnOrder(
  world: ReturnType<typeof createTestWorld>,
  command: PlaceOrderCommand = aCommand(),
): Promise<string> {
  const { orderId } = await createPlaceOrder(world)({ command, causationId: 'req-1' });
  return orderId;
}

let incomingCounter = 0;

/**
 * The envelope of an event another context published about `orderId`, as the consumer receives
 * it: keyed `<EventName>:<orderId>` like every producer keys it, with its own eventId.
 */
export function incoming<N extends EventName>(
  name: N,
  data: EventData<N>,
  occurredAt = '2026-11-24T10:00:10.000Z',
): EventMap[N] {
  incomingCounter += 1;
  const eventId = `00000000-0000-4000-8000-${String(incomingCounter).padStart(12, '0')}`;
  const orderId = (data as { orderId: string }).orderId;
  return createEvent(
    name,
    data,
    { idempotencyKey: `${name}:${orderId}`, correlationId: `corr-${orderId}`, causationId: 'upstream-event' },
    new Date(occurredAt),
    () => eventId,
  ).detail;
}
