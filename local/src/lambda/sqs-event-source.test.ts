import type { EventSourceMappingSpec } from '@shop/topology/topology';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { InvokeResult } from './lambda-runtime.ts';
import { type PolledQueue, SqsEventSource } from './sqs-event-source.ts';

interface FakeMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
}

/** A queue that hands out its messages once, then long-polls empty until stopped. */
function fakeQueue(ids: readonly string[]): PolledQueue<FakeMessage> & { deleted: string[] } {
  let remaining = ids.map((id) => ({ messageId: id, receiptHandle: `rh-${id}` }));
  const deleted: string[] = [];
  return {
    deleted,
    async receiveMessages(_arn, { maxNumberOfMessages, signal }) {
      if (remaining.length === 0) {
        await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
        return [];
      }
      const batch = remaining.slice(0, maxNumberOfMessages);
      remaining = remaining.slice(maxNumberOfMessages);
      return batch;
    },
    deleteMessage: (_arn, receiptHandle) => {
      deleted.push(receiptHandle);
    },
    toRecord: (message) =>
      ({ messageId: message.messageId, receiptHandle: message.receiptHandle, body: '{}' }) as SQSRecord,
  };
}

const MAPPING: EventSourceMappingSpec = {
  stackName: 'test',
  functionName: 'fn',
  sourceArn: 'arn:aws:sqs:eu-west-1:000000000000:q',
  batchSize: 10,
  maximumBatchingWindowSeconds: 0,
  reportBatchItemFailures: true,
  maximumConcurrency: undefined,
  enabled: true,
};

async function runOnce(
  mapping: EventSourceMappingSpec,
  ids: readonly string[],
  answer: (records: SQSRecord[]) => InvokeResult,
): Promise<{ deleted: string[]; batches: SQSRecord[][] }> {
  const queue = fakeQueue(ids);
  const batches: SQSRecord[][] = [];
  let invoked: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    invoked = resolve;
  });
  const source = new SqsEventSource(mapping, queue, async (_name, event) => {
    const records = (event as { Records: SQSRecord[] }).Records;
    batches.push(records);
    queueMicrotask(invoked);
    return answer(records);
  });
  source.start(1);
  await done;
  await new Promise((resolve) => setTimeout(resolve, 10));
  await source.stop();
  return { deleted: queue.deleted, batches };
}

const ok = (payload: unknown): InvokeResult => ({ ok: true, requestId: 'r', payload });

describe('SqsEventSource', () => {
  it('deletes every record of a successful batch', async () => {
    const { deleted, batches } = await runOnce(MAPPING, ['a', 'b', 'c'], () => ok(null));

    expect(batches[0]?.map((record) => record.messageId)).toEqual(['a', 'b', 'c']);
    expect(deleted).toEqual(['rh-a', 'rh-b', 'rh-c']);
  });

  it('keeps only the records named in batchItemFailures on the queue', async () => {
    const { deleted } = await runOnce(MAPPING, ['a', 'b', 'c'], () =>
      ok({ batchItemFailures: [{ itemIdentifier: 'b' }] }),
    );

    expect(deleted).toEqual(['rh-a', 'rh-c']);
  });

  it('treats an itemIdentifier that is not in the batch as a failure of the whole batch', async () => {
    const { deleted } = await runOnce(MAPPING, ['a', 'b'], () =>
      ok({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }),
    );

    expect(deleted).toEqual([]);
  });

  it('treats an empty itemIdentifier as a failure of the whole batch', async () => {
    const { deleted } = await runOnce(MAPPING, ['a', 'b'], () => ok({ batchItemFailures: [{ itemIdentifier: '' }] }));

    expect(deleted).toEqual([]);
  });

  it('leaves the whole batch on the queue when the function fails', async () => {
    const { deleted } = await runOnce(MAPPING, ['a', 'b'], () => ({
      ok: false,
      requestId: 'r',
      errorType: 'Error',
      errorMessage: 'boom',
      functionError: 'Unhandled',
    }));

    expect(deleted).toEqual([]);
  });

  it('ignores batchItemFailures when the mapping does not report batch item failures', async () => {
    const { deleted } = await runOnce({ ...MAPPING, reportBatchItemFailures: false }, ['a', 'b'], () =>
      ok({ batchItemFailures: [{ itemIdentifier: 'a' }] }),
    );

    expect(deleted).toEqual(['rh-a', 'rh-b']);
  });

  it('never hands the function more records than the batch size', async () => {
    const { batches } = await runOnce({ ...MAPPING, batchSize: 2 }, ['a', 'b', 'c'], () => ok(null));

    expect(batches[0]).toHaveLength(2);
  });
});

describe('SqsEventSource enabled state', () => {
  it('stops polling while disabled and resumes when enabled again', async () => {
    const queue = fakeQueue(['a']);
    let invocations = 0;
    const source = new SqsEventSource(MAPPING, queue, async () => {
      invocations++;
      return ok(null);
    });

    await source.setEnabled(false);
    source.start(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileDisabled = invocations;
    await source.setEnabled(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await source.stop();

    expect(whileDisabled).toBe(0);
    expect(invocations).toBe(1);
    expect(queue.deleted).toEqual(['rh-a']);
  });
});

describe('SqsEventSource pollers', () => {
  /** Starts a mapping whose invocations hang, and counts the batches received meanwhile. */
  async function batchesHeld(mapping: EventSourceMappingSpec, options?: { maxPollers?: number }): Promise<number> {
    const queue = fakeQueue(Array.from({ length: 20 }, (_, index) => `m${index}`));
    let received = 0;
    const counting: PolledQueue<FakeMessage> = {
      ...queue,
      receiveMessages: async (arn, receive) => {
        const batch = await queue.receiveMessages(arn, receive);
        received += batch.length > 0 ? 1 : 0;
        return batch;
      },
    };
    let release: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = new SqsEventSource(
      { ...mapping, batchSize: 1 },
      counting,
      async () => {
        await hanging;
        return ok(null);
      },
      options,
    );
    source.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const held = received;
    release();
    await source.stop();
    return held;
  }

  it('starts five, as Lambda does, or MaximumConcurrency when lower', async () => {
    expect(await batchesHeld(MAPPING)).toBe(5);
    expect(await batchesHeld({ ...MAPPING, maximumConcurrency: 2 })).toBe(2);
  });

  it('receives no batch the function cannot run: no more pollers than its environments', async () => {
    expect(await batchesHeld(MAPPING, { maxPollers: 3 })).toBe(3);
    expect(await batchesHeld({ ...MAPPING, maximumConcurrency: 2 }, { maxPollers: 3 })).toBe(2);
  });
});
