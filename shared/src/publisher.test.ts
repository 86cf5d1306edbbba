import {
  EventBridgeClient,
  type PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { eventCatalog } from '@shop/events';
import { describe, expect, it } from 'vitest';
import { createEvent, type OutgoingEvent } from './envelope.ts';
import { EventValidationError, PublishError } from './errors.ts';
import { createEventBridgePublisher, type PutEventsClient, withRetiringVersions } from './publisher.ts';
import { createInMemoryPublisher } from './testing.ts';

const NOW = new Date('2026-11-24T10:15:29.412Z');

function orderPlaced(n: number): OutgoingEvent {
  const orderId = `order-${n}`;
  return createEvent(
    'OrderPlaced',
    { orderId, customerId: 'cus-1', total: { amount: 1000 + n, currency: 'EUR' }, lineCount: 1 },
    { idempotencyKey: `OrderPlaced:${orderId}`, correlationId: orderId, causationId: `req-${n}` },
    NOW,
    () => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  );
}

/** A PutEvents client that records requests and answers with what `answer` says per entry. */
function fakeClient(answer: (entryIndex: number, call: number) => PutEventsResultEntry = () => ({ EventId: 'id' })) {
  const calls: PutEventsCommand[] = [];
  const client: PutEventsClient = {
    async send(command) {
      calls.push(command);
      const entries = (command.input.Entries ?? []).map((_entry, index) => answer(index, calls.length));
      return {
        Entries: entries,
        FailedEntryCount: entries.filter((entry) => entry.ErrorCode).length,
        $metadata: {},
      } satisfies PutEventsCommandOutput;
    },
  };
  return { client, calls };
}

describe('createEventBridgePublisher', () => {
  it('sends each event as a PutEvents entry on the bus with its source, detail-type, detail and time', async () => {
    const { client, calls } = fakeClient();
    const event = orderPlaced(1);

    await createEventBridgePublisher({ client, busName: 'shop-test' }).publish([event]);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toEqual({
      Entries: [
        {
          EventBusName: 'shop-test',
          Source: 'shop.orders',
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify(event.detail),
          Time: NOW,
        },
      ],
    });
  });

  it('sends 23 events as requests of 10, 10 and 3 entries, in order', async () => {
    const { client, calls } = fakeClient();
    const events = Array.from({ length: 23 }, (_, n) => orderPlaced(n));

    await createEventBridgePublisher({ client, busName: 'shop-test' }).publish(events);

    expect(calls.map((call) => call.input.Entries?.length)).toEqual([10, 10, 3]);
    const sentIds = calls.flatMap((call) =>
      (call.input.Entries ?? []).map((entry) => JSON.parse(entry.Detail ?? '{}').metadata.eventId),
    );
    expect(sentIds).toEqual(events.map((event) => event.detail.metadata.eventId));
  });

  it('sends nothing when one event of the batch is invalid', async () => {
    const { client, calls } = fakeClient();
    const valid = orderPlaced(1);
    const invalid = { ...orderPlaced(2), detail: { ...orderPlaced(2).detail, data: { orderId: 'order-2' } } };

    const publishing = createEventBridgePublisher({ client, busName: 'shop-test' }).publish([
      valid,
      invalid as OutgoingEvent,
    ]);

    await expect(publishing).rejects.toThrow(EventValidationError);
    expect(calls).toHaveLength(0);
  });

  it('refuses an event published under another source than the catalog says', async () => {
    const { client, calls } = fakeClient();
    const forged = { ...orderPlaced(1), source: 'shop.payments' };

    await expect(createEventBridgePublisher({ client, busName: 'b' }).publish([forged])).rejects.toThrow(
      'source: must be "shop.orders", got "shop.payments"',
    );
    expect(calls).toHaveLength(0);
  });

  it('throws a PublishError listing the entries PutEvents failed (FailedEntryCount > 0)', async () => {
    const { client } = fakeClient((index) =>
      index === 1 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `id-${index}` },
    );
    const events = [orderPlaced(0), orderPlaced(1), orderPlaced(2)];

    const error = await createEventBridgePublisher({ client, busName: 'b' })
      .publish(events)
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failedEntries).toEqual([
      {
        eventName: 'OrderPlaced',
        eventId: events[1]?.detail.metadata.eventId,
        errorCode: 'ThrottlingException',
        errorMessage: 'Rate exceeded',
      },
    ]);
    expect((error as PublishError).retryable).toBe(true);
  });

  it('still sends the later requests when one request throws, then reports that request as failed', async () => {
    const calls: number[] = [];
    const client: PutEventsClient = {
      async send(command) {
        calls.push(command.input.Entries?.length ?? 0);
        if (calls.length === 1) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
        return {
          Entries: (command.input.Entries ?? []).map(() => ({ EventId: 'id' })),
          FailedEntryCount: 0,
          $metadata: {},
        };
      },
    };
    const events = Array.from({ length: 12 }, (_, n) => orderPlaced(n));

    const error = await createEventBridgePublisher({ client, busName: 'b' })
      .publish(events)
      .catch((thrown: unknown) => thrown);

    expect(calls).toEqual([10, 2]);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failedEntries.map((entry) => entry.errorCode)).toEqual(
      Array(10).fill('TimeoutError'),
    );
    expect((error as PublishError).cause).toBeInstanceOf(Error);
  });

  it('takes the SDK EventBridgeClient as its client (checked by tsc)', () => {
    const client: PutEventsClient = new EventBridgeClient({ region: 'eu-west-1' });
    expect(typeof client.send).toBe('function');
  });

  it('makes no request for an empty list', async () => {
    const { client, calls } = fakeClient();
    await createEventBridgePublisher({ client, busName: 'b' }).publish([]);
    expect(calls).toHaveLength(0);
  });
});

describe('withRetiringVersions', () => {
  const inventoryReserved = (orderId: string) =>
    createEvent(
      'InventoryReserved',
      { orderId, customerId: 'cus-1', reservationId: `res-${orderId}`, total: { amount: 2300, currency: 'EUR' } },
      { idempotencyKey: `InventoryReserved:${orderId}`, correlationId: orderId, causationId: 'placed-1' },
      NOW,
      () => '00000000-0000-4000-8000-000000000001',
    );
  /** The shop's catalog, with InventoryReserved v1 in the state a migration gives it. */
  const catalogWithV1 = (status: 'current' | 'retiring' | 'retired') =>
    eventCatalog.map((entry) =>
      entry.name === 'InventoryReserved' && entry.version === 1 ? { ...entry, status } : entry,
    );

  it('follows an event with its copy in a retiring version: fields that version lacks dropped, key kept', () => {
    const [latest, copy] = withRetiringVersions([inventoryReserved('ord-1')], catalogWithV1('retiring'));

    expect(latest?.detail.metadata.version).toBe(2);
    expect(copy?.name).toBe('InventoryReserved');
    expect(copy?.source).toBe('shop.inventory');
    expect(copy?.detail.metadata).toEqual({
      ...latest?.detail.metadata,
      version: 1,
      eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
    expect(copy?.detail.metadata.eventId).not.toBe(latest?.detail.metadata.eventId);
    expect(copy?.detail.data).toEqual({
      orderId: 'ord-1',
      reservationId: 'res-ord-1',
      total: { amount: 2300, currency: 'EUR' },
    });
  });

  it('derives the same copy each time the same event is published (an outbox retry)', () => {
    const event = inventoryReserved('ord-1');

    expect(withRetiringVersions([event], catalogWithV1('retiring'))).toEqual(
      withRetiringVersions([event], catalogWithV1('retiring')),
    );
  });

  it('adds nothing for a version that is current or retired', () => {
    const event = inventoryReserved('ord-1');

    expect(withRetiringVersions([event], catalogWithV1('retired'))).toEqual([event]);
    expect(withRetiringVersions([orderPlaced(1)], catalogWithV1('retiring'))).toEqual([orderPlaced(1)]);
  });
});

describe('createInMemoryPublisher', () => {
  it('records published events in order', async () => {
    const publisher = createInMemoryPublisher();
    await publisher.publish([orderPlaced(1)]);
    await publisher.publish([orderPlaced(2)]);
    expect(publisher.events.map((event) => event.detail.data.orderId)).toEqual(['order-1', 'order-2']);
  });

  it('rejects an invalid event like the EventBridge publisher does', async () => {
    const publisher = createInMemoryPublisher();
    const invalid = { ...orderPlaced(1), detail: { ...orderPlaced(1).detail, data: {} } } as OutgoingEvent;
    await expect(publisher.publish([invalid])).rejects.toThrow(EventValidationError);
    expect(publisher.events).toHaveLength(0);
  });

  it('fails the next publish once when asked, recording nothing, then works again', async () => {
    const publisher = createInMemoryPublisher();
    publisher.failNextPublish();

    await expect(publisher.publish([orderPlaced(1)])).rejects.toThrow(PublishError);
    expect(publisher.events).toHaveLength(0);

    await publisher.publish([orderPlaced(1)]);
    expect(publisher.events).toHaveLength(1);
  });

  it('forgets what it recorded on clear', async () => {
    const publisher = createInMemoryPublisher();
    await publisher.publish([orderPlaced(1)]);
    publisher.clear();
    expect(publisher.events).toHaveLength(0);
  });
});
