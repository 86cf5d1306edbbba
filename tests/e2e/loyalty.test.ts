import { execFileSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogReport } from '../../events/scripts/catalog-report.ts';
import { eventually, ROOT_DIR, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

/**
 * Adding a consumer without touching a producer: the loyalty service listens to events the
 * shop already publishes and credits points when an order ships. The commit that added it
 * changed no other service, no event and no schema.
 */
let cloud: TestCloud;
let shop: ShopProbe;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  cloud = await startTestCloud({
    env: { OUTBOX_GRACE_SECONDS: '0' },
    stepFunctionsTiming: { retryIntervalMs: 50, waitMs: 50 },
  });
  shop = new ShopProbe(cloud);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
});

afterAll(async () => {
  await cloud?.destroy();
});

const balanceOf = async (customerId: string) =>
  Number(
    (
      await documents.send(
        new GetCommand({
          TableName: 'shop-loyalty-local',
          Key: { pk: `CUSTOMER#${customerId}` },
          ConsistentRead: true,
        }),
      )
    ).Item?.balance ?? 0,
  );

describe('the loyalty service, a consumer added without touching a producer', () => {
  it('credits a point per euro when an order ships, and nothing for a cancelled one', async () => {
    const customer = await shop.customer('loyal');
    const placed = await shop.placeOrder(
      { currency: 'EUR', lines: [{ sku: 'MUG-LOGO-350ML', quantity: 2 }] },
      {},
      customer,
    );
    const orderId = String(placed.body.orderId);
    await eventually(
      async () => ((await shop.getOrder(orderId, customer)).body.status === 'SHIPPED' ? true : undefined),
      60_000,
      'SHIPPED',
    );
    const total = (await shop.getOrder(orderId, customer)).body.total as { amount: number };
    await eventually(async () => ((await balanceOf(customer.customerId)) > 0 ? true : undefined), 30_000, 'the points');
    expect(await balanceOf(customer.customerId)).toBe(Math.floor(total.amount / 100));

    const outOfStock = await shop.placeOrder(
      { currency: 'EUR', lines: [{ sku: 'POSTER-LIMITED-A2', quantity: 1 }] },
      {},
      customer,
    );
    const cancelledId = String(outOfStock.body.orderId);
    await eventually(
      async () => {
        const { Item } = await documents.send(
          new GetCommand({
            TableName: 'shop-loyalty-local',
            Key: { pk: `ORDER#${cancelledId}` },
            ConsistentRead: true,
          }),
        );
        return Item?.status === 'CANCELLED' ? true : undefined;
      },
      30_000,
      'the cancelled order to earn nothing',
    );
    expect(await balanceOf(customer.customerId)).toBe(Math.floor(total.amount / 100));
  });

  it('appears in the catalog as a consumer, derived from its rule', () => {
    const report = catalogReport(cloud.topology);
    for (const name of ['OrderPlaced', 'OrderShipped', 'OrderCancelled']) {
      const consumers = report.find((entry) => entry.name === name)?.consumers.map((consumer) => consumer.stack);
      expect(consumers, name).toContain('shop-loyalty-local');
    }
  });

  it('was added without changing any producer, event or schema', () => {
    const producers =
      /^(serverless\.yml|services\/(orders|inventory|payments|fulfillment|notifications)\/|events\/catalog\/|shared\/)/;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    // Nothing the producers ship knows that loyalty exists (git grep exits 1 when it finds nothing).
    const grep = (...args: string[]) => {
      try {
        return git('grep', ...args);
      } catch (error) {
        if ((error as { status?: number }).status === 1) return '';
        throw error;
      }
    };
    const mentions = grep(
      '-il',
      'loyalty',
      '--',
      'serverless.yml',
      'services/orders',
      'services/inventory',
      'services/payments',
      'services/fulfillment',
      'services/notifications',
      'events/catalog',
      'shared/src',
    )
      .split('\n')
      .filter(Boolean);
    expect(mentions).toEqual([]);
    // And the commit that added it touched none of them (when the clone has that history).
    if (git('rev-parse', '--is-shallow-repository') === 'false') {
      const added = git('log', '--diff-filter=A', '--format=%H', '--', 'services/loyalty/serverless.yml')
        .split('\n')
        .at(-1);
      expect(added).toMatch(/^[0-9a-f]{40}$/);
      const changed = git('show', '--name-only', '--format=', String(added)).split('\n').filter(Boolean);
      expect(changed.filter((file) => file.startsWith('services/loyalty/')).length).toBeGreaterThan(3);
      expect(changed.filter((file) => producers.test(file))).toEqual([]);
    }
  });
});
