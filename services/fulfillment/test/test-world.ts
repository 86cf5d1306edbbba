import type { EventDetail } from '@shop/events';
import { createLogger } from '@shop/shared/logger';
import { InMemoryDocumentStore } from '../src/adapters/in-memory-document-store.ts';
import { InMemoryFaultSwitch } from '../src/adapters/in-memory-fault-switch.ts';
import { InMemoryFulfillmentRepository } from '../src/adapters/in-memory-fulfillment-repository.ts';
import { SimulatedCarrier, SimulatedLabelService } from '../src/adapters/simulated-shipping.ts';
import { wireSagaTasks } from '../src/compose-saga.ts';
import type { Cancellation, StepRecords } from '../src/domain/fulfillment-record.ts';
import type { WriteOutcome } from '../src/domain/ports.ts';
import type { FulfillmentStep, SagaState } from '../src/domain/saga.ts';

export const ORDER_ID = 'ord_01JDQ7Z8X4K9M2N3P5Q6R7S8T9';
export const PAYMENT_CAPTURED_EVENT_ID = '3e9a7c51-6b2d-4f80-a1c4-5d7e9f0b2c46';

/**
 * An in-memory repository where something else can write just before a step or a cancellation
 * records: the other side of a race, run at the worst moment.
 */
export class RacingRepository extends InMemoryFulfillmentRepository {
  beforeRecordStep: () => Promise<unknown> = async () => {};
  beforeRecordCancellation: () => Promise<unknown> = async () => {};

  override async recordStep<S extends FulfillmentStep>(
    orderId: string,
    step: S,
    completed: StepRecords[S],
  ): Promise<WriteOutcome> {
    await this.beforeRecordStep();
    return super.recordStep(orderId, step, completed);
  }

  override async recordCancellation(orderId: string, cancellation: Cancellation): Promise<WriteOutcome> {
    await this.beforeRecordCancellation();
    return super.recordCancellation(orderId, cancellation);
  }
}

/** The in-memory world the saga's tasks run in, with a fixed clock and counters for ids. */
export function createTestWorld() {
  const repository = new RacingRepository();
  const faults = new InMemoryFaultSwitch();
  const carrier = new SimulatedCarrier();
  const labels = new SimulatedLabelService();
  let allocations = 0;
  let events = 0;
  const deps = {
    repository,
    faults,
    carrier,
    labels,
    documents: new InMemoryDocumentStore(),
    clock: () => new Date('2026-11-24T10:15:40.000Z'),
    newAllocationId: () => {
      allocations += 1;
      return `alc_${allocations}`;
    },
    newEventId: () => {
      events += 1;
      return `00000000-0000-4000-8000-${String(events).padStart(12, '0')}`;
    },
    logger: createLogger(),
  };
  return { ...deps, tasks: wireSagaTasks(deps) };
}

/** The saga's execution input, as startFulfillment writes it for the PaymentCaptured fixture. */
export function sagaInput(orderId = ORDER_ID): SagaState {
  return {
    orderId,
    paymentId: 'pay_7f3a9c21',
    correlationId: orderId,
    causationId: PAYMENT_CAPTURED_EVENT_ID,
  };
}

/** An OrderCancelled v1 envelope as the consumer receives it after schema validation. */
export function orderCancelled(
  orderId = ORDER_ID,
  reason: EventDetail<'OrderCancelled'>['data']['reason'] = 'CUSTOMER_REQUEST',
): EventDetail<'OrderCancelled'> {
  return {
    metadata: {
      eventId: '9d1b3f5a-7c2e-4a6b-8e0d-2f4a6c8e0b13',
      idempotencyKey: `OrderCancelled:${orderId}`,
      correlationId: orderId,
      causationId: 'req-cancel-1',
      version: 1,
      occurredAt: '2026-11-24T10:15:35.000Z',
    },
    data: { orderId, reason, previousStatus: 'PAID' },
  };
}

/** A PaymentCaptured v1 envelope as the consumer receives it after schema validation. */
export function paymentCaptured(orderId = ORDER_ID): EventDetail<'PaymentCaptured'> {
  return {
    metadata: {
      eventId: PAYMENT_CAPTURED_EVENT_ID,
      idempotencyKey: `PaymentCaptured:${orderId}`,
      correlationId: orderId,
      causationId: '5b2e7c94-1f3a-4d8e-b6c2-9a0d4e7f1c38',
      version: 1,
      occurredAt: '2026-11-24T10:15:33.000Z',
    },
    data: { orderId, paymentId: 'pay_7f3a9c21', amount: { amount: 6200, currency: 'EUR' } },
  };
}
