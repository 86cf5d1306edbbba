import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

export const happyPath: SharedCloudScenario = {
  name: 'happy-path',
  teaches:
    'An order flows through five services by events alone: placed, reserved, paid, shipped, and the customer mailed twice.',
  page: 'docs/scenarios/happy-path.md',
  async run(shop, say) {
    const ada = await shop.customer('ada');
    say('ada orders a mug through the HTTP API (POST /orders, with her ID token).');
    const orderId = await shop.placeOrder(ada, [{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
    say(`Order ${orderId} is accepted (202): nothing else is decided yet. Watch it: ${shop.consoleLink(orderId)}`);
    say('Inventory reserves the stock, payments charges the card, the fulfillment saga ships it:');
    const shipped = await shop.follow(ada, orderId, ['SHIPPED', 'CANCELLED'], say);
    expectThat(shipped.status === 'SHIPPED', `the order ended ${shipped.status}, not SHIPPED`);
    expectThat(
      JSON.stringify(shipped.timeline.map((step) => step.status)) ===
        JSON.stringify(['PLACED', 'RESERVED', 'PAID', 'SHIPPED']),
      `the timeline is ${shipped.timeline.map((step) => step.status).join(' > ')}`,
    );
    if (shop.endpoints.localEdgeUrl) {
      say('Notifications mails ada, with her address asked from orders (it never travels on the bus):');
      const mails = await until(
        'the two mails',
        async () => {
          const got = await shop.mailsAbout(ada, orderId);
          return got.length >= 2 ? got : undefined;
        },
        30_000,
      );
      for (const mail of mails) say(`  "${mail}"`);
      expectThat(mails.length === 2, `ada got ${mails.length} mails about it, not 2`);
    }
    return `${orderId} went PLACED > RESERVED > PAID > SHIPPED and ada was told twice.`;
  },
};
