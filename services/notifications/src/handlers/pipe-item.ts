/**
 * The contract between the pipe's two functions: what `enrichNotification` answers for each SQS
 * record and `sendNotification` receives. EventBridge Pipes passes the enrichment's answer to
 * the target unchanged, as one JSON array.
 *
 * Each item keeps the record's SQS `messageId`: the target reports failed items by it
 * (`batchItemFailures[].itemIdentifier`), and Pipes keeps exactly those messages on the queue.
 * Pipes has no partial failure for enrichments, so an order the enrichment could not look up
 * is passed on as `unavailable` and failed by the target, alone.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html#pipes-partial-batch-failure
 */
import { isNotifiedEventName, type NotificationRequest } from '../domain/notification.ts';

export type PipeItem =
  | { readonly messageId: string; readonly outcome: 'enriched'; readonly notification: NotificationRequest }
  | { readonly messageId: string; readonly outcome: 'unavailable'; readonly reason: string };

/** The target's answer: the messages to retry (Lambda's partial batch response shape). */
export interface PipeTargetResponse {
  readonly batchItemFailures: ReadonlyArray<{ readonly itemIdentifier: string }>;
}

/** Checks an item at the target's edge: the enrichment's answer is input like any other. */
export function isPipeItem(value: unknown): value is PipeItem {
  if (!isRecord(value) || typeof value.messageId !== 'string' || value.messageId === '') return false;
  if (value.outcome === 'unavailable') return typeof value.reason === 'string';
  if (value.outcome !== 'enriched' || !isRecord(value.notification)) return false;
  const { eventName, metadata, data, recipient, order } = value.notification;
  return (
    isNotifiedEventName(eventName) &&
    isRecord(metadata) &&
    typeof metadata.idempotencyKey === 'string' &&
    isRecord(data) &&
    typeof data.orderId === 'string' &&
    isRecord(recipient) &&
    typeof recipient.email === 'string' &&
    isRecord(order) &&
    Array.isArray(order.lines)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
