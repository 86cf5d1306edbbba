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
      messageId: 'message-1',
      eventName: 'OrderShipped',
      orderId: '4f1c2a7e-9b3d-4e8a-a6c5-1d2e3f405162',
    });
  });

  it('returns no personal data, since the result is stored for deduplication', async () => {
    const sent = await createSendNotification(createTestWorld())(notificationRequest('OrderConfirmed'));

    expect(JSON.stringify(sent)).not.toMatch(/ada|@/i);
  });
});
