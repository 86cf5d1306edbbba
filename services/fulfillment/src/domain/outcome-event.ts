import type { OrderShippedV1Data } from '@shop/events';
import { createEvent, type OutgoingEvent } from '@shop/shared/envelope';
import { OutcomeConflictError, StepOutOfOrderError } from './errors.ts';
import type { FulfillmentRecord } from './fulfillment-record.ts';
import type { Clock, FulfillmentRepository } from './ports.ts';
import { type FulfillmentStep, failureReasonFor, type SagaState } from './saga.ts';

/** The two ways a saga ends, as the events that announce them. */
export type SagaOutcome = 'OrderShipped' | 'FulfillmentFailed';

export interface BuildOutcomeEventDependencies {
  repository: FulfillmentRepository;
  clock: Clock;
  /** Produces `eventId`; inject it in tests. */
  newEventId: () => string;
}

/**
 * The `buildEvent` task's input: which outcome, and the saga state
 * (`Payload: { outcome: …, 'saga.$': '$' }`). A failure names the step that failed.
 */
export type BuildOutcomeEventRequest =
  | { outcome: 'OrderShipped'; saga: SagaState }
  | { outcome: 'FulfillmentFailed'; saga: SagaState & { failedStep: FulfillmentStep } };

/**
 * Builds the event that announces how the saga ended, for the state machine's
 * `events:putEvents` task to send (Step Functions publishes it, not a Lambda, so the
 * publication is a state with its own retries in the execution history).
 *
 * The event is recorded on the order before it is returned, and a recorded one is returned
 * unchanged: a task retry or a re-run of the whole execution (the local cloud re-runs
 * executions after a restart) publishes the identical event, same eventId and occurredAt,
 * which consumers already deduplicate on `idempotencyKey` = `<EventName>:<orderId>`.
 */
export function createBuildOutcomeEvent(deps: BuildOutcomeEventDependencies) {
  return async (request: BuildOutcomeEventRequest): Promise<OutgoingEvent> => {
    const { orderId } = request.saga;
    const record = await deps.repository.find(orderId);
    const recorded = recordedOutcome(record, orderId, request.outcome);
    if (recorded !== undefined) return recorded;
    const event = buildEvent(request, record, deps);
    if ((await deps.repository.recordOutcome(orderId, event)) === 'RECORDED') return event;
    // Refused: an outcome was recorded meanwhile, which is then the one to announce.
    const settled = recordedOutcome(await deps.repository.find(orderId), orderId, request.outcome);
    if (settled === undefined) throw new OutcomeConflictError(orderId, 'nothing', request.outcome);
    return settled;
  };
}

function recordedOutcome(
  record: FulfillmentRecord | undefined,
  orderId: string,
  outcome: SagaOutcome,
): OutgoingEvent | undefined {
  const recorded = record?.outcome;
  if (recorded === undefined) return undefined;
  if (recorded.name !== outcome) throw new OutcomeConflictError(orderId, recorded.name, outcome);
  return recorded;
}

function buildEvent(
  request: BuildOutcomeEventRequest,
  record: FulfillmentRecord | undefined,
  deps: BuildOutcomeEventDependencies,
): OutgoingEvent {
  const { orderId, correlationId, causationId } = request.saga;
  const cause = { idempotencyKey: `${request.outcome}:${orderId}`, correlationId, causationId };
  const now = deps.clock();
  if (request.outcome === 'OrderShipped') {
    return createEvent('OrderShipped', shippedData(record, orderId), cause, now, deps.newEventId);
  }
  const { failedStep, failure } = request.saga;
  const data = { orderId, failedStep, reason: failureReasonFor(failure?.Error) };
  return createEvent('FulfillmentFailed', data, cause, now, deps.newEventId);
}

/** OrderShipped tells what the label and the booking recorded, never what the payload claims. */
function shippedData(record: FulfillmentRecord | undefined, orderId: string): OrderShippedV1Data {
  const booking = record?.steps.BOOK_CARRIER;
  const label = record?.steps.CREATE_LABEL;
  if (booking === undefined) throw new StepOutOfOrderError(orderId, 'OrderShipped', 'BOOK_CARRIER');
  if (label === undefined) throw new StepOutOfOrderError(orderId, 'OrderShipped', 'CREATE_LABEL');
  return {
    orderId,
    shipmentId: label.shipmentId,
    carrier: booking.carrier,
    trackingNumber: booking.trackingNumber,
    ...(label.document === undefined ? {} : { label: label.document }),
  };
}
