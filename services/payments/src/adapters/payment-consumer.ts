import type { EventDetail, EventName } from '@shop/events';
import type { DeadLetterQueue } from '@shop/shared/dead-letter-queue';
import type { IdempotencyStore } from '@shop/shared/idempotency';
import type { Logger } from '@shop/shared/logger';
import { type BusinessMetrics, NO_METRICS } from '@shop/shared/metrics';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import type { PaymentResult } from '../domain/payment-steps.ts';
import { type ChangeVisibilityClient, outageBackoff, type WaitingRecord } from './outage-backoff.ts';

/** What a payments queue consumer is built from: its use case and the adapters of its trigger. */
export interface PaymentConsumerDependencies<E> {
  useCase: (envelope: E) => Promise<PaymentResult>;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Where messages that can never succeed go at once (the queue's redrive DLQ). */
  deadLetters: DeadLetterQueue;
  /** Delays the redelivery of records that met a provider outage. */
  visibilityClient: ChangeVisibilityClient;
  /** The queue the records come from (`SOURCE_QUEUE_URL`). */
  queueUrl: string;
  /** Told about each order whose record waits out a provider outage (capture: the delay notice). */
  onWaiting?: (waiting: WaitingRecord) => Promise<unknown>;
  /** `Shop/Payments`: `PaymentsCaptured`, `PaymentsDeclined` (by reason), `PaymentsRefunded`. */
  metrics?: BusinessMetrics;
  /** The versions of the event this consumer reads (its rule's); every one not retired if absent. */
  versions?: readonly number[];
}

/** The metric of each event a payment decision announces. */
const METRIC_OF_EVENT: Readonly<Record<string, string>> = {
  PaymentCaptured: 'PaymentsCaptured',
  PaymentDeclined: 'PaymentsDeclined',
  PaymentRefunded: 'PaymentsRefunded',
};

/**
 * The shape both payments consumers share: the shop's SQS consumer (catalog validation,
 * idempotency on `metadata.idempotencyKey`, partial batch failures, malformed events to the
 * DLQ at once) with the outage backoff around it, so a provider outage never drains the
 * queue into its DLQ. A decision counts once, when it is made (not when it is announced again).
 */
export function createPaymentConsumer<N extends EventName>(
  eventName: N,
  deps: PaymentConsumerDependencies<EventDetail<N>>,
) {
  const metrics = deps.metrics ?? NO_METRICS;
  return createSqsEventConsumer({
    logger: deps.logger,
    idempotency: deps.idempotency,
    deadLetters: deps.deadLetters,
    ...(deps.versions === undefined ? {} : { versions: deps.versions }),
    middlewares: [
      outageBackoff({
        queueUrl: deps.queueUrl,
        sqsClient: deps.visibilityClient,
        logger: deps.logger,
        ...(deps.onWaiting === undefined ? {} : { onWaiting: deps.onWaiting }),
      }),
    ],
    handlers: {
      [eventName]: async (envelope: EventDetail<N>) => {
        const result = await deps.useCase(envelope);
        deps.logger.info('Payment decided for order', { ...result });
        const metric = result.announced === undefined ? undefined : METRIC_OF_EVENT[result.announced];
        if (metric !== undefined && !result.replayed) {
          metrics.record(
            metric,
            1,
            'Count',
            result.declineReason === undefined ? {} : { reason: result.declineReason },
          );
        }
        return result;
      },
    },
  });
}
