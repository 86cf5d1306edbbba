import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

/**
 * The web console in a real browser (Debian's chromium through playwright-core), asserting what
 * a person sees. CloudWatch runs 60 times faster here, so a dead-letter queue's alarm fires
 * within seconds.
 */
let cloud: TestCloud;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({
    cloudWatchTimeScale: 60,
    env: { OUTBOX_GRACE_SECONDS: '0' },
    stepFunctionsTiming: { retryIntervalMs: 50, waitMs: 50 },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await cloud?.destroy();
});

const consoleUrl = (view: string) => `${cloud.consoleUrl}#/${view}`;

describe('the web console', () => {
  it('draws the architecture from the topology: every function, queue and rule of the stacks', async () => {
    await page.goto(consoleUrl('graph'));
    await page.waitForSelector('svg.architecture');
    const drawn = await page.$$eval('svg.architecture g.node', (nodes) =>
      nodes.map((node) => node.getAttribute('data-node')),
    );
    for (const fn of cloud.topology.functions) expect(drawn).toContain(`fn:${fn.name}`);
    for (const queue of cloud.topology.queues) expect(drawn).toContain(`queue:${queue.name}`);
    expect(drawn.filter((id) => id?.startsWith('rule:')).length).toBeGreaterThan(10);
    await page.waitForSelector('#connection.live');
    expect(problems).toEqual([]);
  });

  it('places an order from the page and shows it reaching SHIPPED, hop by hop, in swim lanes', async () => {
    await page.goto(consoleUrl('orders'));
    await page.click('[data-testid=place-order]');
    await page.waitForURL(/#\/orders\/ord_/);
    const status = page.locator('[data-testid=order-status]');
    await expect.poll(async () => status.textContent(), { timeout: 60_000 }).toBe('SHIPPED');
    const lanes = await page.$$eval('.lane-head', (heads) => heads.map((head) => head.textContent));
    expect(lanes).toEqual(expect.arrayContaining(['orders', 'inventory', 'payments', 'fulfillment', 'notifications']));
    const saga = page.locator('.hop.saga', { hasText: 'entered AllocateStock' });
    await saga.first().click();
    await expect.poll(async () => page.locator('aside.detail h3').textContent()).toBe('entered AllocateStock');
    expect(problems).toEqual([]);
  });

  it('turns a dead-letter queue alarm red after a payment is parked, and its redrive empties the queue', async () => {
    const sqs = new SQSClient(cloud.clientConfig);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud.clientConfig));
    const payments = cloud.topology.tables.find(
      (table) => table.stackName.startsWith('shop-payments') && table.logicalId === 'PaymentsTable',
    );
    const setProvider = (mode: string) =>
      documents.send(
        new PutCommand({ TableName: String(payments?.properties.TableName), Item: { pk: 'PROVIDER#settings', mode } }),
      );
    const paymentQueue = cloud.topology.queues.find((queue) => queue.logicalId === 'PaymentQueue');
    const deadLetters = cloud.topology.queues.find((queue) => queue.logicalId === 'PaymentDeadLetterQueue');
    if (!paymentQueue || !deadLetters) throw new Error('no payment queues');
    const redrive = JSON.parse(paymentQueue.attributes.RedrivePolicy ?? '{}') as Record<string, unknown>;

    // A provider outage that outlasts the queue's patience (one receive here) parks the payment.
    await setProvider('outage');
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: paymentQueue.url,
        Attributes: { RedrivePolicy: JSON.stringify({ ...redrive, maxReceiveCount: 1 }) },
      }),
    );
    await page.goto(consoleUrl('orders'));
    await page.click('[data-testid=place-order]');
    await page.waitForURL(/#\/orders\/ord_/);

    await page.goto(consoleUrl('alarms'));
    const alarm = page.locator(`[data-testid="alarm-${deadLetters.name}-not-empty"]`);
    await expect.poll(async () => alarm.textContent(), { timeout: 60_000 }).toBe('ALARM');
    // The page's own style (the test runs in Node, so the page's globals are reached through globalThis).
    const background = await alarm.evaluate(
      (element) =>
        (globalThis as unknown as { getComputedStyle(node: unknown): { backgroundColor: string } }).getComputedStyle(
          element,
        ).backgroundColor,
    );
    expect(background).toBe('rgb(220, 38, 38)');
    expect(await page.locator('#alarm-count').textContent()).not.toBe('');

    // The provider is back: redrive from the queues page.
    await setProvider('up');
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: paymentQueue.url,
        Attributes: { RedrivePolicy: JSON.stringify(redrive) },
      }),
    );
    await page.goto(consoleUrl('queues'));
    const visible = page.locator(`[data-testid="visible-${deadLetters.name}"]`);
    await expect.poll(async () => visible.textContent(), { timeout: 10_000 }).toBe('1');
    await page.click(`[data-testid="redrive-${deadLetters.name}"]`);
    await expect.poll(async () => visible.textContent(), { timeout: 30_000 }).toBe('0');
    await page.goto(consoleUrl('alarms'));
    await expect.poll(async () => alarm.textContent(), { timeout: 60_000 }).toBe('OK');
    expect(problems).toEqual([]);
  });

  it('shows the event catalog with consumers derived from the rules, and flips the switches', async () => {
    await page.goto(consoleUrl('catalog'));
    const placed = page.locator('details.event[data-event="OrderPlaced.v1"]');
    await placed.locator('summary').click();
    expect(await placed.textContent()).toContain('shop-inventory-local');
    await page.goto(consoleUrl('switches'));
    await page.click('[data-testid="switch-provider-outage"]');
    await expect
      .poll(async () => page.locator('[data-testid=switch-result]').textContent())
      .toBe('payment provider: outage: payments wait on their queue');
    expect(await page.locator('aside.detail pre').textContent()).toContain('"mode": "outage"');
    await page.click('[data-testid="switch-provider-up"]');
    await expect.poll(async () => page.locator('aside.detail pre').textContent()).toContain('"mode": "up"');
    expect(problems).toEqual([]);
  });
});
