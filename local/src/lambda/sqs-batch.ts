import type { SQSRecord } from 'aws-lambda';

/** The receive call a poller needs (the SQS emulator's internal `receiveMessages`). */
export type ReceiveBatch<M> = (
  queueArn: string,
  options: { maxNumberOfMessages: number; waitTimeSeconds: number; signal?: AbortSignal },
) => Promise<readonly M[]>;

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
): Promise<M[]> {
  const batch: M[] = [];
  const windowMs = source.maximumBatchingWindowSeconds * 1000;
  let deadline: number | undefined;
  while (batch.length < source.batchSize && !signal.aborted) {
    const remaining = deadline === undefined ? 20_000 : deadline - Date.now();
    if (deadline !== undefined && remaining <= 0) break;
    const messages = await receive(source.queueArn, {
      maxNumberOfMessages: Math.min(10, source.batchSize - batch.length),
      waitTimeSeconds: Math.min(20, Math.ceil(remaining / 1000)),
      signal,
    });
    batch.push(...messages);
    if (batch.length === 0) continue;
    if (windowMs === 0) break;
    deadline ??= Date.now() + windowMs;
  }
  return batch;
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
