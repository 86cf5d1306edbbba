import type { SQSRecord } from 'aws-lambda';

/** The receive call a poller needs (the SQS emulator's internal `receiveMessages`). */
export type ReceiveBatch<M> = (
  queueArn: string,
  options: { maxNumberOfMessages: number; waitTimeSeconds: number; signal?: AbortSignal },
) => Promise<readonly M[]>;

/** A gathered batch, with when its first messages arrived (the batching window counts from then). */
export interface GatheredBatch<M> {
  readonly messages: M[];
  /** `Date.now()` when the first messages were received; undefined for an empty batch. */
  readonly firstReceivedAt: number | undefined;
}

/**
 * How Lambda's SQS pollers (event source mappings and Pipes alike) gather a batch: long-poll
 * until the first messages arrive, then keep receiving until `batchSize` records or until the
 * batching window, counted from the first record, closes. Without a window the first receive is
 * the batch. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#sqs-batching
 */
export async function gatherSqsBatch<M>(
  receive: ReceiveBatch<M>,
  source: { queueArn: string; batchSize: number; maximumBatchingWindowSeconds: number },
  signal: AbortSignal,
): Promise<GatheredBatch<M>> {
  const messages: M[] = [];
  const windowMs = source.maximumBatchingWindowSeconds * 1000;
  let firstReceivedAt: number | undefined;
  while (messages.length < source.batchSize && !signal.aborted) {
    const remaining = firstReceivedAt === undefined ? 20_000 : firstReceivedAt + windowMs - Date.now();
    if (firstReceivedAt !== undefined && remaining <= 0) break;
    const received = await receive(source.queueArn, {
      maxNumberOfMessages: Math.min(10, source.batchSize - messages.length),
      waitTimeSeconds: Math.min(20, Math.ceil(remaining / 1000)),
      signal,
    });
    messages.push(...received);
    if (messages.length === 0) continue;
    firstReceivedAt ??= Date.now();
    if (windowMs === 0) break;
  }
  return { messages, firstReceivedAt };
}

/**
 * Where a batch's records spent their time before the function got them: waiting on the queue
 * (from `SentTimestamp` to the first receive of the batch) and in the batching window (from
 * then to the invocation), summed over the batch's records.
 */
export function batchWaits(
  sentTimestamps: readonly number[],
  firstReceivedAt: number,
  invokedAt: number,
): { queueWaitMs: number; batchingWindowMs: number } {
  let queueWaitMs = 0;
  for (const sent of sentTimestamps) queueWaitMs += Math.max(0, firstReceivedAt - sent);
  return { queueWaitMs, batchingWindowMs: Math.max(0, invokedAt - firstReceivedAt) * sentTimestamps.length };
}

/**
 * The message ids a partial batch response names as failed, or `'all'` when the response is
 * invalid. AWS treats an empty or null list (or no response) as complete success, and an
 * itemIdentifier that is empty, null or not in the batch as a failure of the whole batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export function failedMessageIds(payload: unknown, records: readonly SQSRecord[]): Set<string> | 'all' {
  if (payload === null || payload === undefined || typeof payload !== 'object' || Array.isArray(payload)) {
    return new Set();
  }
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const known = new Set(records.map((record) => record.messageId));
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !known.has(id)) return 'all';
    ids.add(id);
  }
  return ids;
}

/** How long a poller that failed (a queue deleted, a store closed) waits before polling again. */
const POLLER_BACKOFF_MS = 1_000;

/**
 * One SQS poller as Lambda's event source mappings and EventBridge Pipes run them: gather a
 * batch, hand a non-empty one on, again, until `signal` aborts. A failure is reported and backed
 * off from instead of spinning.
 */
export async function pollSqs<M>(
  signal: AbortSignal,
  gather: (signal: AbortSignal) => Promise<GatheredBatch<M>>,
  process: (batch: GatheredBatch<M>) => Promise<void>,
  onError: (error: unknown) => void = () => {},
): Promise<void> {
  while (!signal.aborted) {
    try {
      const batch = await gather(signal);
      if (batch.messages.length > 0 && !signal.aborted) await process(batch);
    } catch (error) {
      if (signal.aborted) return;
      onError(error);
      await new Promise((resolve) => setTimeout(resolve, POLLER_BACKOFF_MS).unref());
    }
  }
}
