import type { ChangeMessageVisibilityBatchCommand } from '@aws-sdk/client-sqs';
import { createLogger } from '@shop/shared/logger';
import { createSqsEventConsumer } from '@shop/shared/sqs-event-consumer';
import { createInMemoryIdempotencyStore } from '@shop/shared/testing';
import { loadTopology } from '@shop/topology/load-topology';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../../tests/support/lambda-context.ts';
import { ROOT_DIR } from '../../../../tests/support/local-cloud.ts';
import batch from '../../test/events/sqs/inventory-reserved-batch.json' with { type: 'json' };
import { ProviderUnavailableError } from '../domain/errors.ts';
import {
  OUTAGE_MAX_DELAY_SECONDS,
  outageAbsorbedSeconds,
  outageBackoff,
  outageBackoffSeconds,
} from './outage-backoff.ts';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-payments-dev-payment';
const [template] = (batch as SQSEvent).Records as [SQSRecord];
const templateOrderId = '4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162';

/** A record of the fixture's shape for another order, received `receiveCount` times. */
function recordFor(orderId: string, receiveCount: number): SQSRecord {
  const body = template.body
    .replaceAll(templateOrderId, orderId)
    .replace('5b2e7c94-1f3a-4d8e-b6c2-9a0d4e7f1c38', crypto.randomUUID());
  return {
    ...template,
    messageId: `msg-${orderId}`,
    receiptHandle: `handle-${orderId}`,
    body,
    attributes: { ...template.attributes, ApproximateReceiveCount: String(receiveCount) },
  };
}

/** A payment consumer whose use case fails as the test says, with the backoff around it. */
function consumerFailing(failureOf: (orderId: string) => Error | undefined, visibilityAnswer?: () => Promise<unknown>) {
  const changes: ChangeMessageVisibilityBatchCommand['input'][] = [];
  const logger = createLogger();
  const handler = createSqsEventConsumer({
    logger,
    idempotency: createInMemoryIdempotencyStore(),
    middlewares: [
      outageBackoff({
        queueUrl,
        logger,
        sqsClient: {
          send: async (command) => {
            changes.push(command.input);
            await visibilityAnswer?.();
            return { Successful: [], Failed: [] };
          },
        },
      }),
    ],
    handlers: {
      InventoryReserved: async (envelope) => {
        const failure = failureOf(envelope.data.orderId);
        if (failure) throw failure;
        return { ok: true };
      },
    },
  });
  const deliver = (...records: SQSRecord[]) =>
    handler({ Records: records }, lambdaContext('shop-payments-dev-capturePayment'));
  return { deliver, changes };
}

const outage = () => new ProviderUnavailableError('down');

describe('outageBackoffSeconds', () => {
  it('starts at 5 s and doubles with every receive up to 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((receive) => outageBackoffSeconds(receive))).toEqual([
      5, 10, 20, 40, 80, 160, 300, 300, 300,
    ]);
  });

  it("never retries sooner than the provider's Retry-After hint", () => {
    expect(outageBackoffSeconds(1, 90)).toBe(90);
    expect(outageBackoffSeconds(8, 90)).toBe(OUTAGE_MAX_DELAY_SECONDS);
  });

  it('treats a missing or nonsensical receive count as the first receive', () => {
    expect(outageBackoffSeconds(Number.NaN)).toBe(5);
    expect(outageBackoffSeconds(0)).toBe(5);
  });
});

describe('the payment queues', () => {
  it('absorb an outage of more than three and a half hours before a message reaches the DLQ', () => {
    // The maxReceiveCount each queue's redrive policy declares, read from the stacks as deployed.
    const topology = loadTopology({ rootDir: ROOT_DIR, edgeUrl: 'http://127.0.0.1:4566' });
    const queues = topology.queues.filter(
      ({ stackName, logicalId }) =>
        stackName.startsWith('shop-payments') && ['PaymentQueue', 'CompensationQueue'].includes(logicalId),
    );
    const absorbed = queues.map(({ logicalId, attributes }) => {
      const { maxReceiveCount } = JSON.parse(attributes.RedrivePolicy ?? '{}') as { maxReceiveCount?: number };
      return [logicalId, outageAbsorbedSeconds(Number(maxReceiveCount))] as const;
    });

    expect(absorbed.map(([logicalId]) => logicalId).sort()).toEqual(['CompensationQueue', 'PaymentQueue']);
    for (const [logicalId, seconds] of absorbed) {
      expect(seconds, logicalId).toBe(315 + 44 * 300);
      expect(seconds, logicalId).toBeGreaterThan(3.5 * 3600);
    }
  });
});

describe('outageBackoff (a middleware of the shared queue consumer)', () => {
  it('reports an outage record failed and delays it by its receive count', async () => {
    const { deliver, changes } = consumerFailing((orderId) => (orderId === 'ord-down' ? outage() : undefined));

    const response = await deliver(recordFor('ord-fine', 1), recordFor('ord-down', 3));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-ord-down' }] });
    expect(changes).toEqual([
      { QueueUrl: queueUrl, Entries: [{ Id: 'record-1', ReceiptHandle: 'handle-ord-down', VisibilityTimeout: 20 }] },
    ]);
  });

  it('leaves the visibility of records that failed for another reason to the queue', async () => {
    const failures: Record<string, Error> = { 'ord-down': outage(), 'ord-other': new Error('orders unreadable') };
    const { deliver, changes } = consumerFailing((orderId) => failures[orderId]);

    const response = await deliver(recordFor('ord-other', 2), recordFor('ord-down', 1), recordFor('ord-fine', 1));

    expect(response.batchItemFailures).toHaveLength(2);
    expect(changes[0]?.Entries).toEqual([{ Id: 'record-1', ReceiptHandle: 'handle-ord-down', VisibilityTimeout: 5 }]);
  });

  it('delays every record when the whole batch fails, and still fails the invocation', async () => {
    const { deliver, changes } = consumerFailing(() => outage());

    await expect(deliver(recordFor('ord-a', 1), recordFor('ord-b', 7))).rejects.toThrow();

    expect(changes[0]?.Entries?.map(({ VisibilityTimeout }) => VisibilityTimeout)).toEqual([5, 300]);
  });

  it('calls SQS not at all when nothing met an outage', async () => {
    const { deliver, changes } = consumerFailing(() => undefined);

    expect(await deliver(recordFor('ord-a', 1))).toEqual({ batchItemFailures: [] });
    expect(changes).toEqual([]);
  });

  it('still reports the failures when SQS refuses the visibility change', async () => {
    const { deliver } = consumerFailing(
      (orderId) => (orderId === 'ord-down' ? outage() : undefined),
      async () => {
        throw new Error('AccessDenied');
      },
    );

    const response = await deliver(recordFor('ord-down', 1), recordFor('ord-fine', 1));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-ord-down' }] });
  });
});
