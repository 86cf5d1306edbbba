import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { findCustomerPool, signInDemoCustomer } from '../../services/orders/scripts/demo-customer.ts';
import { freePort, startCli } from '../support/cli-cloud.ts';
import { eventually, startTestCloud } from '../support/local-cloud.ts';
import { ShopProbe } from '../support/shop.ts';

const order = {
  currency: 'EUR',
  lines: [{ sku: 'TOTE-CANVAS', quantity: 2 }],
};
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the local cloud keeps its state across restarts', () => {
  it('completes an order whose flow was cut by a restart, reserving its stock exactly once', async () => {
    let cloud = await startTestCloud();
    cleanups.push(() => cloud.destroy());
    const before = await new ShopProbe(cloud).stockOf('TOTE-CANVAS');

    const placed = await new ShopProbe(cloud).placeOrder(order);
    cloud = await cloud.restart();
    const shop = new ShopProbe(cloud);

    expect(placed.status).toBe(202);
    expect((await shop.getOrder(String(placed.body.orderId))).status).toBe(200);
    // A message a poller held when the cloud stopped reappears after its visibility timeout, as on AWS.
    const after = await eventually(
      async () => {
        const stock = await shop.stockOf('TOTE-CANVAS');
        return stock && stock.available < (before?.available ?? 0) ? stock : undefined;
      },
      120_000,
      'the reservation after the restart',
    );
    expect(after).toEqual({ available: (before?.available ?? 0) - 2, reserved: (before?.reserved ?? 0) + 2 });
  }, 180_000);

  it('loses no accepted order and no queued message when the process is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shop-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const [edgePort, httpPort] = [await freePort(), await freePort()];
    const sqs = new SQSClient({
      endpoint: `http://127.0.0.1:${edgePort}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const dlqUrl = `http://127.0.0.1:${edgePort}/000000000000/shop-inventory-local-order-placed-dlq`;

    let child = await startCli(dataDir, edgePort, httpPort);
    const cognito = new CognitoIdentityProviderClient({
      endpoint: `http://127.0.0.1:${edgePort}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    const { idToken } = await signInDemoCustomer(cognito, await findCustomerPool(cognito, 'local'), 'durable');
    const authorization = { authorization: `Bearer ${idToken}` };
    const response = await fetch(`http://127.0.0.1:${httpPort}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization },
      body: JSON.stringify(order),
    });
    const { orderId } = (await response.json()) as { orderId: string };
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'parked for an operator' }));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    child = await startCli(dataDir, edgePort, httpPort);
    cleanups.push(() => {
      child.kill('SIGKILL');
    });

    expect(response.status).toBe(202);
    // The token signed before the kill is still good: the pool's signing key is kept on disk too.
    expect((await fetch(`http://127.0.0.1:${httpPort}/orders/${orderId}`, { headers: authorization })).status).toBe(
      200,
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
  }, 180_000);
});
