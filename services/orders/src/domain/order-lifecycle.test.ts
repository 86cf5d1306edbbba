import { ConflictError } from '@shop/shared/errors';
import { describe, expect, it } from 'vitest';
import type { Order, OrderStatus } from './order.ts';
import { applyFact, cancelByCustomer, insertChronologically, type OrderFact } from './order-lifecycle.ts';

const placedAt = '2026-11-24T10:00:00.000Z';

function anOrder(status: OrderStatus = 'PLACED', overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ord_01JDQ0000000000000000000A1',
    customerId: 'cus-1',
    contact: { email: 'ada@example.com' },
    correlationId: 'corr-1',
    status,
    lines: [{ sku: 'CAP-NAVY', quantity: 1, unitPrice: { amount: 1900, currency: 'EUR' } }],
    total: { amount: 1900, currency: 'EUR' },
    placedAt,
    timeline: [{ status: 'PLACED', at: placedAt, event: 'OrderPlaced' }],
    ...overrides,
  };
}

const at = (second: number) => `2026-11-24T10:00:${String(second).padStart(2, '0')}.000Z`;

const facts = {
  reserved: { event: 'InventoryReserved', at: at(1) },
  outOfStock: { event: 'InventoryReservationFailed', at: at(1), reason: 'OUT_OF_STOCK' },
  captured: { event: 'PaymentCaptured', at: at(2) },
  delayed: { event: 'PaymentDelayed', at: at(2), reason: 'PROVIDER_UNAVAILABLE' },
  cardDeclined: { event: 'PaymentDeclined', at: at(2), reason: 'CARD_DECLINED' },
  declinedAfterCancel: { event: 'PaymentDeclined', at: at(2), reason: 'ORDER_CANCELLED' },
  fulfillmentFailed: { event: 'FulfillmentFailed', at: at(3), reason: 'STEP_FAILED' },
  fulfillmentStoppedByCancel: { event: 'FulfillmentFailed', at: at(3), reason: 'ORDER_CANCELLED' },
  shipped: { event: 'OrderShipped', at: at(4) },
} as const satisfies Record<string, OrderFact>;

describe('applyFact', () => {
  it.each([
    ['InventoryReserved', facts.reserved, 'PLACED', 'RESERVED', []],
    ['PaymentCaptured', facts.captured, 'RESERVED', 'PAID', ['OrderConfirmed']],
    ['PaymentDelayed', facts.delayed, 'RESERVED', 'DELAYED', ['OrderDelayed']],
    ['PaymentDelayed', facts.delayed, 'PLACED', 'DELAYED', ['OrderDelayed']],
    ['PaymentCaptured', facts.captured, 'DELAYED', 'PAID', ['OrderConfirmed']],
    ['PaymentDeclined(CARD_DECLINED)', facts.cardDeclined, 'DELAYED', 'CANCELLED', ['OrderCancelled']],
    ['OrderShipped', facts.shipped, 'PAID', 'SHIPPED', []],
    ['InventoryReservationFailed', facts.outOfStock, 'PLACED', 'CANCELLED', ['OrderCancelled']],
    ['PaymentDeclined(CARD_DECLINED)', facts.cardDeclined, 'RESERVED', 'CANCELLED', ['OrderCancelled']],
    ['FulfillmentFailed', facts.fulfillmentFailed, 'PAID', 'CANCELLED', ['OrderCancelled']],
  ] as const)('moves the order on %s from %s to %s', (_name, fact, from, to, announced) => {
    const transition = applyFact(anOrder(from), fact);

    expect(transition.outcome).toBe('APPLIED');
    expect(transition.order.status).toBe(to);
    expect(transition.announcements.map(({ name }) => name)).toEqual(announced);
  });

  it.each([
    ['InventoryReservationFailed', facts.outOfStock, 'PLACED', 'OUT_OF_STOCK'],
    ['PaymentDeclined', facts.cardDeclined, 'RESERVED', 'PAYMENT_DECLINED'],
    ['FulfillmentFailed', facts.fulfillmentFailed, 'PAID', 'FULFILLMENT_FAILED'],
  ] as const)('cancels on %s with its reason and the status it had come to', (_name, fact, from, reason) => {
    const transition = applyFact(anOrder(from), fact);

    expect(transition.announcements).toEqual([{ name: 'OrderCancelled', reason, previousStatus: from }]);
    expect(transition.order.cancelReason).toBe(reason);
    expect(transition.order.timeline.at(-1)).toEqual({ status: 'CANCELLED', at: fact.at, reason, event: fact.event });
  });

  it('records a step in the timeline at the time the event says it happened', () => {
    const transition = applyFact(anOrder(), facts.reserved);

    expect(transition.order.timeline).toEqual([
      { status: 'PLACED', at: placedAt, event: 'OrderPlaced' },
      { status: 'RESERVED', at: at(1), event: 'InventoryReserved' },
    ]);
  });

  it('keeps SHIPPED when PaymentCaptured arrives after OrderShipped, records both in order and still confirms', () => {
    const shipped = applyFact(anOrder('RESERVED'), facts.shipped).order;

    const transition = applyFact(shipped, facts.captured);

    expect(transition.order.status).toBe('SHIPPED');
    expect(transition.outcome).toBe('RECORDED');
    expect(transition.order.timeline.map(({ event }) => event)).toEqual([
      'OrderPlaced',
      'PaymentCaptured',
      'OrderShipped',
    ]);
    expect(transition.announcements).toEqual([{ name: 'OrderConfirmed' }]);
  });

  it('never moves an order back: InventoryReserved after PaymentCaptured leaves it PAID', () => {
    const paid = applyFact(anOrder(), facts.captured).order;

    const transition = applyFact(paid, facts.reserved);

    expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
    expect(transition.order.status).toBe('PAID');
    expect(transition.order.timeline.map(({ status }) => status)).toEqual(['PLACED', 'RESERVED', 'PAID']);
  });

  it.each([
    ['InventoryReservationFailed', facts.outOfStock],
    ['PaymentDeclined', facts.cardDeclined],
    ['FulfillmentFailed', facts.fulfillmentFailed],
  ] as const)('does not cancel a SHIPPED order on %s, only records it', (_name, fact) => {
    const transition = applyFact(anOrder('SHIPPED'), fact);

    expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
    expect(transition.order.status).toBe('SHIPPED');
  });

  it('announces one OrderCancelled per order: a second cancelling event is only recorded', () => {
    const cancelled = applyFact(anOrder('RESERVED'), facts.cardDeclined).order;

    const transition = applyFact(cancelled, facts.fulfillmentFailed);

    expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
    expect(transition.order.cancelReason).toBe('PAYMENT_DECLINED');
  });

  it('keeps a CANCELLED order cancelled when a later stage reports progress, and confirms nothing', () => {
    const cancelled = applyFact(anOrder(), facts.outOfStock).order;

    const transition = applyFact(cancelled, facts.captured);

    expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
    expect(transition.order.status).toBe('CANCELLED');
    expect(transition.warning).toBeUndefined();
  });

  it('warns when a cancelled order is reported shipped', () => {
    const cancelled = cancelByCustomer(anOrder('PAID'), new Date(at(3))).order;

    const transition = applyFact(cancelled, facts.shipped);

    expect(transition.order.status).toBe('CANCELLED');
    expect(transition.warning).toMatch(/shipped after it was cancelled/);
  });

  it.each([
    ['PaymentDeclined', facts.declinedAfterCancel],
    ['FulfillmentFailed', facts.fulfillmentStoppedByCancel],
  ] as const)('only records %s with reason ORDER_CANCELLED, the answer to its own cancellation', (_name, fact) => {
    const cancelled = cancelByCustomer(anOrder('RESERVED'), new Date(at(1))).order;

    const transition = applyFact(cancelled, fact);

    expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
    expect(transition.order.timeline.at(-1)).toEqual({
      status: 'CANCELLED',
      at: fact.at,
      reason: 'ORDER_CANCELLED',
      event: fact.event,
    });
  });

  it('delays a reserved order with the provider outage as reason, in the timeline and in OrderDelayed', () => {
    const reserved = applyFact(anOrder(), facts.reserved).order;

    const transition = applyFact(reserved, facts.delayed);

    expect(transition.announcements).toEqual([{ name: 'OrderDelayed', reason: 'PAYMENT_PROVIDER_UNAVAILABLE' }]);
    expect(transition.order.timeline.at(-1)).toEqual({
      status: 'DELAYED',
      at: at(2),
      reason: 'PAYMENT_PROVIDER_UNAVAILABLE',
      event: 'PaymentDelayed',
    });
  });

  it('confirms a delayed order once the payment is captured, keeping the delay in its timeline', () => {
    const delayed = applyFact(applyFact(anOrder(), facts.reserved).order, facts.delayed).order;

    const transition = applyFact(delayed, { ...facts.captured, at: at(30) });

    expect(transition).toMatchObject({ outcome: 'APPLIED', announcements: [{ name: 'OrderConfirmed' }] });
    expect(transition.order.timeline.map(({ status }) => status)).toEqual(['PLACED', 'RESERVED', 'DELAYED', 'PAID']);
  });

  it.each([
    ['PAID', () => applyFact(anOrder('RESERVED'), facts.captured).order],
    ['SHIPPED', () => applyFact(anOrder('PAID'), facts.shipped).order],
    ['CANCELLED', () => cancelByCustomer(anOrder('RESERVED'), new Date(at(1))).order],
  ] as const)(
    'only records a PaymentDelayed that arrives after the order is %s, and announces nothing',
    (status, orderIn) => {
      const transition = applyFact(orderIn(), facts.delayed);

      expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
      expect(transition.order.status).toBe(status);
      expect(transition.order.timeline.map(({ event }) => event)).toContain('PaymentDelayed');
    },
  );

  it('leaves a DELAYED order DELAYED when InventoryReserved arrives after PaymentDelayed', () => {
    const delayed = applyFact(anOrder(), facts.delayed).order;

    const transition = applyFact(delayed, facts.reserved);

    expect(transition).toMatchObject({ outcome: 'RECORDED', announcements: [] });
    expect(transition.order.status).toBe('DELAYED');
    expect(transition.order.timeline.map(({ status }) => status)).toEqual(['PLACED', 'RESERVED', 'DELAYED']);
  });

  it('announces OrderDelayed once per order: a second PaymentDelayed is a duplicate', () => {
    const delayed = applyFact(anOrder('RESERVED'), facts.delayed).order;

    const transition = applyFact(delayed, { ...facts.delayed, at: at(40) });

    expect(transition).toEqual({ order: delayed, outcome: 'DUPLICATE', announcements: [] });
  });

  it('treats a second delivery of a recorded event type as a duplicate and changes nothing', () => {
    const reserved = applyFact(anOrder(), facts.reserved).order;

    const transition = applyFact(reserved, { ...facts.reserved, at: at(9) });

    expect(transition).toEqual({ order: reserved, outcome: 'DUPLICATE', announcements: [] });
  });
});

describe('cancelByCustomer', () => {
  it.each(['PLACED', 'RESERVED', 'PAID', 'DELAYED'] as const)('cancels a %s order and announces it', (status) => {
    const transition = cancelByCustomer(anOrder(status), new Date(at(5)));

    expect(transition.order).toMatchObject({ status: 'CANCELLED', cancelReason: 'CUSTOMER_REQUEST' });
    expect(transition.order.timeline.at(-1)).toEqual({
      status: 'CANCELLED',
      at: at(5),
      reason: 'CUSTOMER_REQUEST',
      event: 'OrderCancelled',
    });
    expect(transition.announcements).toEqual([
      { name: 'OrderCancelled', reason: 'CUSTOMER_REQUEST', previousStatus: status },
    ]);
  });

  it('refuses to cancel a shipped order with a ConflictError', () => {
    expect(() => cancelByCustomer(anOrder('SHIPPED'), new Date())).toThrow(ConflictError);
    expect(() => cancelByCustomer(anOrder('SHIPPED'), new Date())).toThrow('has shipped');
  });

  it('answers a repeated cancel with a ConflictError that says the order is already cancelled, and why', () => {
    const cancelled = cancelByCustomer(anOrder(), new Date(at(5))).order;

    expect(() => cancelByCustomer(cancelled, new Date(at(6)))).toThrow(
      'Order ord_01JDQ0000000000000000000A1 is already cancelled (CUSTOMER_REQUEST)',
    );
  });
});

describe('insertChronologically', () => {
  it('orders by instant, whether or not a timestamp has milliseconds', () => {
    const timeline = [
      { status: 'PLACED', at: '2026-11-24T10:00:00.500Z', event: 'OrderPlaced' },
      { status: 'SHIPPED', at: '2026-11-24T10:00:02Z', event: 'OrderShipped' },
    ] as const;

    const result = insertChronologically(timeline, {
      status: 'PAID',
      at: '2026-11-24T10:00:01Z',
      event: 'PaymentCaptured',
    });

    expect(result.map(({ status }) => status)).toEqual(['PLACED', 'PAID', 'SHIPPED']);
  });

  it('puts an entry after those that happened at the same instant', () => {
    const timeline = [{ status: 'PLACED', at: at(1), event: 'OrderPlaced' }] as const;

    const result = insertChronologically(timeline, { status: 'RESERVED', at: at(1), event: 'InventoryReserved' });

    expect(result.map(({ event }) => event)).toEqual(['OrderPlaced', 'InventoryReserved']);
  });
});
