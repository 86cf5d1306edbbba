import { expectThat, type SharedCloudScenario } from './scenario.ts';

export const paymentDeclined: SharedCloudScenario = {
  name: 'payment-declined',
  teaches: 'A declined card cancels the order by choreography: inventory releases the stock it had reserved.',
  page: 'docs/scenarios/payment-declined.md',
  async run(shop, say) {
    const bob = await shop.customer('declined-bob');
    say(
      `The payment provider is told to decline bob's cards (npm run provider -- decline-customer ${bob.customerId}).`,
    );
    await shop.provider('decline-customer', bob.customerId);
    try {
      const orderId = await shop.placeOrder(bob, [{ sku: 'CAP-NAVY', quantity: 1 }]);
      say(`bob orders a cap: ${orderId}. Watch it: ${shop.consoleLink(orderId)}`);
      const ended = await shop.follow(bob, orderId, ['CANCELLED', 'SHIPPED'], say);
      expectThat(ended.status === 'CANCELLED', `the order ended ${ended.status}, not CANCELLED`);
      const reason = ended.timeline.find((step) => step.status === 'CANCELLED')?.reason;
      expectThat(reason === 'PAYMENT_DECLINED', `it was cancelled for ${reason}, not PAYMENT_DECLINED`);
      return `${orderId} was reserved, declined and cancelled; inventory released its stock on OrderCancelled.`;
    } finally {
      say('The provider accepts every card again (npm run provider -- up).');
      await shop.provider('up');
    }
  },
};
