import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endPaymentBackoff, eventually, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe, type SignedInCustomer } from '../support/shop.ts';

let cloud: TestCloud;
let shop: ShopProbe;
let documents: DynamoDBDocumentClient;
let sqs: SQSClient;

beforeAll(async () => {
  cloud = await startTestCloud({
    env: { OUTBOX_GRACE_SECONDS: '0', DELAY_NOTICE_SECONDS: '3' },
    stepFunctionsTiming: { retryIntervalMs: 50, waitMs: 50 },
  });
  shop = new ShopProbe(cloud);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
  sqs = new SQSClient(cloud.clientConfig);
});

afterAll(async () => {
  await cloud?.destroy();
});

afterEach(async () => {
  await setProvider({ mode: 'up', declineRate: 0, latencyMs: 0, declineCustomerIds: [] });
  await documents.send(
    new PutCommand({ TableName: table('shop-fulfillment', 'FulfillmentTable'), Item: { pk: 'FAULTS#settings' } }),
  );
});

function table(stackPrefix: string, logicalId: string): string {
  const found = cloud.topology.tables.find(
    (candidate) => candidate.stackName.startsWith(stackPrefix) && candidate.logicalId === logicalId,
  );
  if (!found) throw new Error(`no table ${logicalId} in ${stackPrefix}`);
  return String(found.properties.TableName);
}

function queue(logicalId: string, stackPrefix = 'shop-') {
  const found = cloud.topology.queues.find(
    (candidate) => candidate.logicalId === logicalId && candidate.stackName.startsWith(stackPrefix),
  );
  if (!found) throw new Error(`no queue ${logicalId}`);
  return found;
}

function functionNamed(key: string): string {
  const found = cloud.topology.functions.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no function ${key}`);
  return found.name;
}

async function setProvider(settings: Record<string, unknown>): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: table('shop-payments', 'PaymentsTable'),
      Item: { pk: 'PROVIDER#settings', ...settings },
    }),
  );
}

async function failFulfillmentStep(step: string): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: table('shop-fulfillment', 'FulfillmentTable'),
      Item: { pk: 'FAULTS#settings', failStep: step },
    }),
  );
}

let customers = 0;
/** Who placed each order: only they can read or cancel it. */
const owners = new Map<string, SignedInCustomer>();
async function placeOrder(lines = [{ sku: 'MUG-LOGO-350ML', quantity: 1 }], name = `flow${++customers}`) {
  const customer = await shop.customer(name);
  const placed = await shop.placeOrder({ currency: 'EUR', lines }, {}, customer);
  expect(placed.status).toBe(202);
  const orderId = String(placed.body.orderId);
  owners.set(orderId, customer);
  return { orderId, email: customer.email, customerId: customer.customerId };
}

const orderView = (orderId: string) => shop.getOrder(orderId, owners.get(orderId));

async function statusOf(orderId: string): Promise<string> {
  return String((await orderView(orderId)).body.status);
}

const reaches = (orderId: string, status: string, timeoutMs = 60_000) =>
  eventually(
    async () => ((await statusOf(orderId)) === status ? true : undefined),
    timeoutMs,
    `${orderId} to be ${status}`,
  );

const mailsTo = (email: string) => cloud.ses.listMailbox({ to: email });

describe('the whole shop on the local cloud', () => {
  it('ships a normal order and mails the confirmation and the shipment', async () => {
    const { orderId, email } = await placeOrder();

    await reaches(orderId, 'SHIPPED');

    await eventually(async () => (mailsTo(email).length >= 2 ? true : undefined), 30_000, 'two mails');
    expect(
      mailsTo(email)
        .map((mail) => mail.subject)
        .sort(),
    ).toEqual([`Your order ${orderId} has shipped`, `Your order ${orderId} is confirmed`]);
    const timeline = (await orderView(orderId)).body.timeline as Array<{ status: string }>;
    expect(timeline.map((entry) => entry.status)).toEqual(['PLACED', 'RESERVED', 'PAID', 'SHIPPED']);
  });

  it('cancels an out-of-stock order without charging anything', async () => {
    const { orderId } = await placeOrder([{ sku: 'POSTER-LIMITED-A2', quantity: 1 }]);

    await reaches(orderId, 'CANCELLED');

    // The status is stored with the event in the outbox; the event reaches the bus a moment later.
    const cancelled = await eventually(async () => shop.eventOf(orderId, 'OrderCancelled'), 30_000, 'OrderCancelled');
    expect(cancelled.detail.data).toMatchObject({ reason: 'OUT_OF_STOCK' });
    expect(shop.eventOf(orderId, 'PaymentCaptured')).toBeUndefined();
  });

  it('cancels an order whose card is declined and releases its stock', async () => {
    const { customerId } = await shop.customer('declined');
    await setProvider({ mode: 'up', declineRate: 0, latencyMs: 0, declineCustomerIds: [customerId] });
    const before = await shop.stockOf('CAP-NAVY');

    const { orderId } = await placeOrder([{ sku: 'CAP-NAVY', quantity: 2 }], 'declined');

    await reaches(orderId, 'CANCELLED');
    await eventually(async () => shop.eventOf(orderId, 'InventoryReleased'), 30_000, 'InventoryReleased');
    const cancelled = await eventually(async () => shop.eventOf(orderId, 'OrderCancelled'), 30_000, 'OrderCancelled');
    expect(cancelled.detail.data).toMatchObject({ reason: 'PAYMENT_DECLINED' });
    expect(await shop.stockOf('CAP-NAVY')).toEqual(before);
  });

  it('refunds and releases an order whose carrier booking fails, compensating in the saga', async () => {
    await failFulfillmentStep('BOOK_CARRIER');
    const before = await shop.stockOf('TOTE-CANVAS');

    const { orderId } = await placeOrder([{ sku: 'TOTE-CANVAS', quantity: 1 }]);

    await reaches(orderId, 'CANCELLED');
    await eventually(async () => shop.eventOf(orderId, 'PaymentRefunded'), 30_000, 'PaymentRefunded');
    await eventually(async () => shop.eventOf(orderId, 'InventoryReleased'), 30_000, 'InventoryReleased');
    const failed = await eventually(
      async () => shop.eventOf(orderId, 'FulfillmentFailed'),
      30_000,
      'FulfillmentFailed',
    );
    expect(failed.detail.data).toMatchObject({ failedStep: 'BOOK_CARRIER' });
    expect(await shop.stockOf('TOTE-CANVAS')).toEqual(before);
    const states = await executedStates(orderId);
    expect(states).toEqual(expect.arrayContaining(['AllocateStock', 'BookCarrier', 'ReleaseAllocation']));
    expect(states).not.toContain('CreateLabel');
    // The saga logs its failures (level ERROR) to its log group, as Step Functions does.
    const logs = new CloudWatchLogsClient(cloud.clientConfig);
    const failures = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/vendedlogs/states/shop-fulfillment-local-saga',
        filterPattern: `{ $.type = "TaskFailed" && $.execution_arn = "*:${orderId}" }`,
      }),
    );
    expect(failures.events?.length).toBeGreaterThan(0);
    expect(JSON.parse(failures.events?.[0]?.message ?? '{}')).toMatchObject({
      type: 'TaskFailed',
      details: { error: 'InjectedFaultError' },
    });
  });

  it('refunds and releases an order its customer cancels before it ships', async () => {
    const starter = functionNamed('startFulfillment');
    await setEventSource(starter, false);
    try {
      const { orderId, email } = await placeOrder([{ sku: 'SOCKS-STRIPED-3PK', quantity: 1 }]);
      await reaches(orderId, 'PAID');

      const cancel = await shop.cancelOrder(orderId, owners.get(orderId));

      expect(cancel.status).toBe(202);
      await reaches(orderId, 'CANCELLED');
      await eventually(async () => shop.eventOf(orderId, 'PaymentRefunded'), 30_000, 'PaymentRefunded');
      await eventually(async () => shop.eventOf(orderId, 'InventoryReleased'), 30_000, 'InventoryReleased');
      await setEventSource(starter, true);
      await eventually(async () => ((await sagaFinished(orderId)) ? true : undefined), 30_000, 'the saga to stop');
      expect(shop.eventOf(orderId, 'OrderShipped')).toBeUndefined();
      expect(await statusOf(orderId)).toBe('CANCELLED');
      await eventually(async () =>
        mailsTo(email).some((mail) => mail.subject.includes('cancelled')) ? true : undefined,
      );
    } finally {
      await setEventSource(starter, true);
    }
  });

  it('keeps orders waiting through a payment provider outage, tells the customer, and completes them after it', async () => {
    await setProvider({ mode: 'outage', declineRate: 0, latencyMs: 0, declineCustomerIds: [] });

    const { orderId, email } = await placeOrder([{ sku: 'TEE-CLASSIC-BLACK-M', quantity: 1 }]);
    await reaches(orderId, 'DELAYED', 90_000);
    await eventually(
      async () => mailsTo(email).find((mail) => mail.subject === `Your order ${orderId} is delayed`),
      30_000,
      'the delay mail',
    );

    expect(cloud.sqs.queueStats(queue('PaymentDeadLetterQueue').arn).visible).toBe(0);
    await setProvider({ mode: 'up', declineRate: 0, latencyMs: 0, declineCustomerIds: [] });
    // The payment's next try is 10 s away: end that wait rather than sit through it.
    await endPaymentBackoff(cloud, orderId);
    await reaches(orderId, 'SHIPPED', 120_000);
    expect(cloud.sqs.queueStats(queue('PaymentDeadLetterQueue').arn).visible).toBe(0);
    expect(shop.eventsOf(orderId).filter((event) => event['detail-type'] === 'PaymentDelayed')).toHaveLength(1);
    const timeline = (await orderView(orderId)).body.timeline as Array<{ status: string }>;
    expect(timeline.map((entry) => entry.status)).toEqual(['PLACED', 'RESERVED', 'DELAYED', 'PAID', 'SHIPPED']);
  }, 240_000);

  it('changes nothing when every event of a shipped order is delivered again', async () => {
    const { orderId, email } = await placeOrder([{ sku: 'TEE-CLASSIC-WHITE-M', quantity: 1 }]);
    await reaches(orderId, 'SHIPPED');
    await eventually(async () => (mailsTo(email).length >= 2 ? true : undefined), 30_000, 'two mails');
    const before = {
      order: (await orderView(orderId)).body,
      stock: await shop.stockOf('TEE-CLASSIC-WHITE-M'),
      mails: mailsTo(email).length,
      executions: await executionCount(orderId),
    };

    const seen = Math.max(0, ...cloud.trace.hops(orderId).map((hop) => hop.seq));
    const redelivered = shop.eventsOf(orderId);
    for (const event of redelivered)
      await cloud.bus.putEvents([
        {
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          EventBusName: `shop-${cloud.topology.stage}`,
        },
      ]);
    // Every message the deliveries put on a queue has been taken and deleted by its consumer (a
    // Lambda function or the notifications pipe): each consumer has seen its duplicate.
    const consumed = await eventually(
      async () => {
        const queueActivity = cloud.trace
          .hops(orderId)
          .filter((hop) => hop.seq > seen && hop.kind === 'queue')
          .map((hop) => hop.detail as { kind: string; messageId: string });
        const sent = new Set(queueActivity.filter(({ kind }) => kind === 'sent').map(({ messageId }) => messageId));
        const deleted = new Set(
          queueActivity.filter(({ kind }) => kind === 'deleted').map(({ messageId }) => messageId),
        );
        return sent.size > 0 && [...sent].every((messageId) => deleted.has(messageId)) ? sent.size : undefined;
      },
      // A consumer that fails once leaves its message for the queue's 60 s visibility timeout.
      150_000,
      'every redelivered event consumed',
    );
    expect(consumed).toBeGreaterThanOrEqual(redelivered.length);

    expect((await orderView(orderId)).body).toEqual(before.order);
    expect(await shop.stockOf('TEE-CLASSIC-WHITE-M')).toEqual(before.stock);
    expect(mailsTo(email).length).toBe(before.mails);
    expect(await executionCount(orderId)).toBe(before.executions);
    for (const type of ['PaymentCaptured', 'OrderShipped', 'OrderConfirmed']) {
      const ids = new Set(
        shop
          .eventsOf(orderId)
          .filter((event) => event['detail-type'] === type)
          .map((event) => event.detail.metadata.idempotencyKey),
      );
      expect(ids.size, type).toBe(1);
    }
  }, 240_000);

  it('tells the customer once when the same facts are published again under new idempotency keys', async () => {
    const { orderId, email } = await placeOrder([{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
    await reaches(orderId, 'SHIPPED');
    await eventually(async () => (mailsTo(email).length >= 2 ? true : undefined), 30_000, 'two mails');
    const before = mailsTo(email).map((mail) => mail.subject);

    for (const type of ['OrderConfirmed', 'OrderShipped']) {
      const event = shop.eventOf(orderId, type);
      const metadata = {
        ...event?.detail.metadata,
        eventId: crypto.randomUUID(),
        idempotencyKey: `${type}:${orderId}:again`,
      };
      await cloud.bus.putEvents([
        {
          Source: String(event?.source),
          DetailType: type,
          Detail: JSON.stringify({ ...event?.detail, metadata }),
          EventBusName: `shop-${cloud.topology.stage}`,
        },
      ]);
    }
    // The sender saw both again and said so: the notices were already given.
    await eventually(
      async () =>
        cloud.logs
          .recent(100_000)
          .filter((entry) => entry.line.includes('Customer already notified of this') && entry.line.includes(orderId))
          .length >= 2
          ? true
          : undefined,
      60_000,
      'the sender to see both facts again',
    );

    expect(mailsTo(email).map((mail) => mail.subject)).toEqual(before);
  }, 120_000);

  it('ends in the right state when one order’s events reach orders in reverse order', async () => {
    const follower = functionNamed('followOrder');
    // Orders' own queue (loyalty has a queue of the same logical id in its stack).
    const ordersQueue = queue('OrderEventsQueue', 'shop-orders');
    await setEventSource(follower, false);
    let orderId = '';
    try {
      ({ orderId } = await placeOrder([{ sku: 'MUG-LOGO-350ML', quantity: 1 }]));
      await eventually(async () => shop.eventOf(orderId, 'OrderShipped'), 60_000, 'OrderShipped');
      // Take this order's events off the orders queue (others go back as they were)...
      const mine = new Map<string, string>();
      const deadline = Date.now() + 30_000;
      while (mine.size < 3 && Date.now() < deadline) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: ordersQueue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        for (const message of Messages) {
          const event = JSON.parse(message.Body ?? '{}') as {
            'detail-type': string;
            detail?: { data?: { orderId?: string } };
          };
          if (event.detail?.data?.orderId === orderId) mine.set(event['detail-type'], message.Body ?? '');
          else await sqs.send(new SendMessageCommand({ QueueUrl: ordersQueue.url, MessageBody: message.Body ?? '' }));
          await sqs.send(new DeleteMessageCommand({ QueueUrl: ordersQueue.url, ReceiptHandle: message.ReceiptHandle }));
        }
      }
      expect([...mine.keys()].sort()).toEqual(['InventoryReserved', 'OrderShipped', 'PaymentCaptured']);
      // ...and deliver them last stage first.
      for (const type of ['OrderShipped', 'PaymentCaptured', 'InventoryReserved']) {
        await sqs.send(new SendMessageCommand({ QueueUrl: ordersQueue.url, MessageBody: mine.get(type) }));
      }
    } finally {
      await setEventSource(follower, true);
    }

    const timeline = await eventually(
      async () => {
        const order = (await orderView(orderId)).body as { timeline: Array<{ status: string }> };
        return order.timeline.length === 4 ? order.timeline : undefined;
      },
      30_000,
      'all four timeline entries',
    );
    expect(await statusOf(orderId)).toBe('SHIPPED');
    expect(timeline.map((entry) => entry.status)).toEqual(['PLACED', 'RESERVED', 'PAID', 'SHIPPED']);
  }, 120_000);
});

async function setEventSource(functionName: string, enabled: boolean): Promise<void> {
  for (const source of cloud.eventSources.filter((candidate) => candidate.spec.functionName === functionName)) {
    await source.setEnabled(enabled);
  }
}

function sagaArn(): string {
  const machine = cloud.topology.stateMachines[0];
  if (!machine) throw new Error('no state machine');
  return machine.arn;
}

async function executions(orderId: string) {
  const { executions: all = [] } = await new SFNClient(cloud.clientConfig).send(
    new ListExecutionsCommand({ stateMachineArn: sagaArn() }),
  );
  return all.filter((execution) => execution.name === orderId);
}

async function executionCount(orderId: string): Promise<number> {
  return (await executions(orderId)).length;
}

async function sagaFinished(orderId: string): Promise<boolean> {
  const found = await executions(orderId);
  return found.length > 0 && found.every((execution) => execution.status !== 'RUNNING');
}

async function executedStates(orderId: string): Promise<string[]> {
  const [execution] = await executions(orderId);
  await eventually(async () => ((await sagaFinished(orderId)) ? true : undefined), 30_000, 'the saga to finish');
  const { events = [] } = await new SFNClient(cloud.clientConfig).send(
    new GetExecutionHistoryCommand({ executionArn: execution?.executionArn, maxResults: 1000 }),
  );
  return events.flatMap((event) => (event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : []));
}
