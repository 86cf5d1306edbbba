import { describe, expect, it } from 'vitest';
import { createTestWorld, notificationRequest } from '../../test/test-world.ts';
import { createSendNotification } from './send-notification.ts';

describe('sendNotification', () => {
  it('sends the rendered e-mail from the sender to the recipient, tagged with the event', async () => {
    const world = createTestWorld();

    const sent = await createSendNotification(world)(notificationRequest('OrderShipped'));

    expect(world.mailer.sent).toEqual([
      expect.objectContaining({
        from: 'orders@shop.example',
        to: 'ada.lovelace@example.com',
        subject: 'Your order 4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162 has shipped',
        tags: { event: 'OrderShipped' },
      }),
    ]);
    expect(sent).toEqual({
      outcome: 'sent',
      messageId: 'message-1',
      eventName: 'OrderShipped',
      orderId: '4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162',
    });
  });

  it('mails a fact once, even when it is asked for again under a new idempotency key', async () => {
    const world = createTestWorld();
    const send = createSendNotification(world);
    const first = notificationRequest('OrderConfirmed');
    const republished = {
      ...first,
      metadata: { ...first.metadata, eventId: 'another', idempotencyKey: 'another-key' },
    };

    await send(first);
    const again = await send(republished);

    expect(world.mailer.sent).toHaveLength(1);
    expect(again).toMatchObject({ outcome: 'already-sent', eventName: 'OrderConfirmed' });
  });

  it('tells each kind of notice of one order once, and each kind separately', async () => {
    const world = createTestWorld();
    const send = createSendNotification(world);

    for (const name of ['OrderConfirmed', 'OrderShipped', 'OrderConfirmed', 'OrderShipped'] as const) {
      await send(notificationRequest(name));
    }

    expect(world.mailer.sent.map((mail) => mail.tags.event)).toEqual(['OrderConfirmed', 'OrderShipped']);
  });

  it('does not mail again after an attempt cut off between sending and recording it (at most once)', async () => {
    const world = createTestWorld();
    const send = createSendNotification(world);
    const request = notificationRequest('OrderShipped');
    world.ledger.failNextMarkSent(new Error('the function stopped here'));

    await expect(send(request)).rejects.toThrow('the function stopped here');
    const retry = await send(request);

    expect(world.mailer.sent).toHaveLength(1);
    expect(retry).toMatchObject({ outcome: 'unconfirmed', eventName: 'OrderShipped' });
    expect(world.ledger.stateOf(request.data.orderId, 'OrderShipped')).toBe('SENDING');
  });

  it('sends on a retry when the mail provider refused the mail: nothing was sent', async () => {
    const world = createTestWorld();
    const send = createSendNotification(world);
    const request = notificationRequest('OrderConfirmed');
    world.mailer.failNext(new Error('Throttling'));

    await expect(send(request)).rejects.toThrow('Throttling');
    const retry = await send(request);

    expect(retry).toMatchObject({ outcome: 'sent' });
    expect(world.mailer.sent).toHaveLength(1);
    expect(world.ledger.stateOf(request.data.orderId, 'OrderConfirmed')).toBe('SENT');
  });

  it('returns no personal data, since the result is stored for deduplication', async () => {
    const sent = await createSendNotification(createTestWorld())(notificationRequest('OrderConfirmed'));

    expect(JSON.stringify(sent)).not.toMatch(/ada|@/i);
  });
});
