import { expectThat, type SharedCloudScenario } from './scenario.ts';

export const outOfStock: SharedCloudScenario = {
  name: 'out-of-stock',
  teaches:
    'A refusal is an event too: inventory answers InventoryReservationFailed and orders cancels, with nothing charged.',
  page: 'docs/scenarios/out-of-stock.md',
  async run(shop, say) {
    const ada = await shop.customer('ada');
    say('ada orders the limited poster, which starts sold out.');
    const orderId = await shop.placeOrder(ada, [{ sku: 'POSTER-LIMITED-A2', quantity: 1 }]);
    say(`Order ${orderId} is accepted; inventory will refuse it. Watch it: ${shop.consoleLink(orderId)}`);
    const ended = await shop.follow(ada, orderId, ['CANCELLED', 'SHIPPED', 'PAID'], say);
    expectThat(ended.status === 'CANCELLED', `the order ended ${ended.status}, not CANCELLED`);
    const reason = ended.timeline.find((step) => step.status === 'CANCELLED')?.reason;
    expectThat(reason === 'OUT_OF_STOCK', `it was cancelled for ${reason}, not OUT_OF_STOCK`);
    expectThat(!ended.timeline.some((step) => step.status === 'PAID'), 'it was paid');
    return `${orderId} was cancelled OUT_OF_STOCK and never charged.`;
  },
};
