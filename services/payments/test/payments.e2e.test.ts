/**
 * The payments service on the local cloud, from its real serverless.yml: an order placed over
 * HTTP is reserved by inventory and charged here; the provider switches (the settings item the
 * operator script writes) decline a customer and take the provider down and up again; an
 * OrderCancelled refunds the charge.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createEvent } from '@shop/shared/envelope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endPaymentBackoff, eventually, startTestCloud, type TestCloud } from '../../../tests/support/local-cloud.ts';
import { ShopProbe } from '../../../tests/support/shop.ts';
import { DynamoDbPaymentRepository } from '../src/adapters/dynamodb-payment-repository.ts';
import { DynamoDbProviderSettings } from '../src/adapters/dynamodb-provider-settings.ts';
import { applyProviderCommand } from '../src/adapters/provider-settings.ts';
import { createDocumentClient } from '../src/compose.ts';

let cloud: TestCloud;
let shop: ShopProbe;
let provider: DynamoDbProviderSettings;
let payments: DynamoDbPaymentRepository;

beforeAll(async () => {
  cloud = await startTestCloud({ env: { DELAY_NOTICE_SECONDS: '0', OUTBOX_GRACE_SECONDS: '0' } });
  shop = new ShopProbe(cloud);
  const table = cloud.topology.tables.find(
    ({ logicalId, stackName }) => logicalId === 'PaymentsTable' && stackName.startsWith('shop-payments'),
  );
  const documents = createDocumentClient(new DynamoDBClient(cloud.clientConfig));
  provider = new DynamoDbProviderSettings(documents, String(table?.properties.TableName));
  payments = new DynamoDbPaymentRepository(documents, String(table?.properties.TableName));
});

afterAll(async () => {
  await cloud?.destroy();
});

/** Switches the provider as `scripts/provider.ts <args>` does. */
async function switchProvider(...args: string[]): Promise<void> {
  await provider.write(applyProviderCommand(await provider.read(), args), 'payments.e2e.test');
}

/** The customer id (the token's subject) of a signed-in customer, by name. */
const customerIdOf = async (name: string) => (await shop.customer(name)).customerId;

async function placeOrder(name: string): Promise<string> {
  const placed = await shop.placeOrder(
    { currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 1 }] },
    {},
    await shop.customer(name),
  );
  expect(placed.status).toBe(202);
  return String(placed.body.orderId);
}

/** A queue of the payments stack, by its logical id. */
function queueArn(logicalId: string): string {
  const found = cloud.topology.queues.find(
    (queue) => queue.logicalId === logicalId && queue.stackName.startsWith('shop-payments'),
  );
  if (!found) throw new Error(`No queue ${logicalId} in the payments stack`);
  return found.arn;
}

const eventOf = (orderId: string, detailType: string) =>
  eventually(async () => shop.eventOf(orderId, detailType), 45_000, `${detailType} of ${orderId}`);

describe('payments on the local cloud', () => {
  it('charges a reserved order once and announces PaymentCaptured caused by InventoryReserved', async () => {
    const orderId = await placeOrder('pay_happy');

    const captured = await eventOf(orderId, 'PaymentCaptured');

    const reserved = shop.eventOf(orderId, 'InventoryReserved');
    expect(captured.source).toBe('shop.payments');
    expect(captured.detail.data).toMatchObject({ orderId, amount: reserved?.detail.data.total });
    expect(captured.detail.metadata).toMatchObject({
      causationId: reserved?.detail.metadata.eventId,
      correlationId: reserved?.detail.metadata.correlationId,
    });
    expect(await payments.find(orderId)).toMatchObject({
      status: 'CAPTURED',
      customerId: await customerIdOf('pay_happy'),
    });
  });

  it('declines the order of a customer the provider is told to decline', async () => {
    await switchProvider('decline-customer', await customerIdOf('pay_declined'));
    const orderId = await placeOrder('pay_declined');

    const declined = await eventOf(orderId, 'PaymentDeclined');

    expect(declined.detail.data).toEqual({ orderId, reason: 'CARD_DECLINED' });
    expect(shop.eventOf(orderId, 'PaymentCaptured')).toBeUndefined();
  });

  it('keeps a payment waiting through a provider outage, tells once that it waits, and charges it once the provider is back', async () => {
    await switchProvider('outage');
    const orderId = await placeOrder('pay_outage');

    const waiting = await eventually(
      async () => {
        const record = await payments.find(orderId);
        return record?.status === 'PENDING' ? record : undefined;
      },
      45_000,
      'the open charge',
    );
    expect(waiting.amount).toBeDefined();
    expect(shop.eventOf(orderId, 'PaymentCaptured')).toBeUndefined();

    const delayed = () =>
      cloud.logs.recent(100_000).filter(({ line }) => line.includes(orderId) && line.includes('delaying the retry'));
    // A backoff is in place once SQS has the message's new visibility timeout (the trace's "left on
    // the queue to retry" hop, after the invocation's ChangeMessageVisibility): the test then ends
    // that wait at once (the local cloud's control) rather than sit through 5 s and 10 s of it.
    const backoffs = () =>
      cloud.trace
        .hops(orderId)
        .filter((hop) => hop.kind === 'queue' && (hop.detail as { kind?: string }).kind === 'delayed').length;
    await eventually(async () => (backoffs() > 0 ? true : undefined), 45_000, 'the outage backoff');
    const notice = await eventOf(orderId, 'PaymentDelayed');
    await endPaymentBackoff(cloud, orderId);
    // A second outage attempt must not tell again.
    await eventually(async () => (backoffs() > 1 ? true : undefined), 45_000, 'a second outage attempt');
    // The function's log line travels through its stdout, after the SQS call the trace saw.
    await eventually(async () => (delayed().length > 1 ? true : undefined), 45_000, 'the second backoff logged');

    await switchProvider('up');
    await endPaymentBackoff(cloud, orderId);
    await eventOf(orderId, 'PaymentCaptured');

    const reserved = shop.eventOf(orderId, 'InventoryReserved');
    expect(notice.source).toBe('shop.payments');
    expect(notice.detail.data).toEqual({ orderId, reason: 'PROVIDER_UNAVAILABLE', waitingSince: expect.any(String) });
    expect(notice.detail.metadata).toMatchObject({
      idempotencyKey: `PaymentDelayed:${orderId}`,
      causationId: reserved?.detail.metadata.eventId,
      correlationId: reserved?.detail.metadata.correlationId,
    });
    expect(shop.eventsOf(orderId).filter((event) => event['detail-type'] === 'PaymentDelayed')).toHaveLength(1);

    const sqs = new SQSClient(cloud.clientConfig);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: cloud.sqs.queueUrlOf(queueArn('PaymentDeadLetterQueue')),
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('refunds a captured order when OrderCancelled reaches the compensation queue', async () => {
    const orderId = await placeOrder('pay_refund');
    const captured = await eventOf(orderId, 'PaymentCaptured');
    const cancelled = createEvent(
      'OrderCancelled',
      { orderId, reason: 'CUSTOMER_REQUEST', previousStatus: 'PAID' },
      {
        idempotencyKey: `OrderCancelled:${orderId}`,
        correlationId: String(captured.detail.metadata.correlationId),
        causationId: 'payments.e2e.test',
      },
    );
    const bus = cloud.topology.buses.find(({ stackName }) => stackName.startsWith('shop-platform'));
    await new EventBridgeClient(cloud.clientConfig).send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: bus?.name,
            Source: cancelled.source,
            DetailType: cancelled.name,
            Detail: JSON.stringify(cancelled.detail),
          },
        ],
      }),
    );

    const refunded = await eventOf(orderId, 'PaymentRefunded');

    expect(refunded.detail.data).toEqual({
      orderId,
      paymentId: captured.detail.data.paymentId,
      amount: captured.detail.data.amount,
    });
    expect(refunded.detail.metadata.causationId).toBe(cancelled.detail.metadata.eventId);
  });

  it('tells the truth about the money when a cancel races a capture at the provider: charged and refunded, or never charged', async () => {
    await switchProvider('latency', '4000');
    const customer = await shop.customer('pay_race');
    try {
      const orderId = await placeOrder('pay_race');
      // The charge is open: payments has asked the provider, which takes its time.
      await eventually(
        async () => ((await payments.find(orderId))?.status === 'PENDING' ? true : undefined),
        45_000,
        'the open charge',
      );

      const cancel = await shop.cancelOrder(orderId, customer);

      expect(cancel.status).toBe(202);
      // Payments settles the money one way or the other, and says so.
      const settled = await eventually(
        async () => shop.eventOf(orderId, 'PaymentRefunded') ?? shop.eventOf(orderId, 'PaymentDeclined'),
        45_000,
        'the money settled',
      );
      // A charge the provider completed after the cancel is refunded at once (PaymentRefunded, with
      // no PaymentCaptured: the order was cancelled before it could be called paid).
      const charged = settled['detail-type'] === 'PaymentRefunded';
      const expected = charged
        ? [`Your order ${orderId} is cancelled`, `Your payment for order ${orderId} is refunded`]
        : [`Your order ${orderId} is cancelled`];
      const mails = await eventually(
        async () => {
          const received = cloud.ses
            .listMailbox({ to: customer.email })
            .filter((mail) => mail.subject.includes(orderId));
          return received.length >= expected.length ? received : undefined;
        },
        45_000,
        'the mails',
      );
      expect(mails.map((mail) => mail.subject).sort()).toEqual(expected);
      const cancellation = mails.find((mail) => mail.subject.endsWith('cancelled'));
      expect(cancellation?.text).not.toMatch(/not been charged|You were charged/);
      expect(cancellation?.text).toContain('If a payment was already under way, it will be refunded in full');
      expect(shop.eventOf(orderId, 'OrderConfirmed')).toBeUndefined();
    } finally {
      await switchProvider('latency', '0');
    }
  }, 120_000);
});
