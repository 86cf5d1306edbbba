import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeResult } from '../lambda/lambda-runtime.ts';
import { createSqsService, type SqsService } from '../sqs/index.ts';
import { ACCOUNT_ID, createTempDir, REGION } from '../sqs/test-support.ts';
import { createPipesService, type PipeDefinition, type PipesService } from './index.ts';

const ENRICH = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:enrich`;
const TARGET = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:target`;
const SOURCE = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:source`;
const DLQ = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:source-dlq`;

type Answer = (payload: unknown) => InvokeResult;
const ok = (payload: unknown): InvokeResult => ({ ok: true, requestId: 'r', payload });
const failure: InvokeResult = {
  ok: false,
  requestId: 'r',
  errorType: 'Error',
  errorMessage: 'boom',
  functionError: 'Unhandled',
};

interface World {
  readonly sqs: SqsService;
  readonly calls: Array<{ arn: string; payload: unknown }>;
  readonly asyncCalls: Array<{ arn: string; payload: unknown }>;
  readonly pipes: PipesService;
  send(body: string): string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function createWorld(options: {
  properties: Record<string, unknown>;
  queueAttributes?: Record<string, string>;
  enrich?: Answer;
  target?: Answer;
}): World {
  const dir = createTempDir();
  const sqs = createSqsService({
    dataDir: dir.path,
    edgeUrl: 'http://127.0.0.1:4566',
    region: REGION,
    accountId: ACCOUNT_ID,
  });
  cleanups.push(
    () => dir.remove(),
    () => sqs.close(),
  );
  sqs.createQueue('source-dlq');
  sqs.createQueue('source', { VisibilityTimeout: '60', ...options.queueAttributes });
  const calls: World['calls'] = [];
  const asyncCalls: World['asyncCalls'] = [];
  const definition: PipeDefinition = {
    stackName: 'shop-test-local',
    logicalId: 'TestPipe',
    name: 'test-pipe',
    arn: `arn:aws:pipes:${REGION}:${ACCOUNT_ID}:pipe/test-pipe`,
    properties: { Source: SOURCE, Target: TARGET, ...options.properties },
  };
  const pipes = createPipesService({
    pipes: [definition],
    sqs,
    region: REGION,
    accountId: ACCOUNT_ID,
    pollersPerPipe: 1,
    invokeFunction: async (arn, payload) => {
      calls.push({ arn, payload });
      const answer = arn === ENRICH ? options.enrich : options.target;
      return (answer ?? (() => ok(null)))(payload);
    },
    invokeFunctionAsync: (arn, payload) => {
      asyncCalls.push({ arn, payload });
    },
    functionExists: (arn) => arn === ENRICH || arn === TARGET,
  });
  cleanups.push(() => pipes.stop());
  return { sqs, calls, asyncCalls, pipes, send: (body) => sqs.sendMessage(SOURCE, { body }).messageId };
}

/** Polls a condition every 10 ms; generous timeout because the machine is shared. */
async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const stats = (world: World) => world.pipes.stats()[0] ?? expect.fail('no pipe');
const callsTo = (world: World, arn: string) => world.calls.filter((call) => call.arn === arn);
const recordsIn = (payload: unknown) => payload as SQSRecord[];
const orderEvent = (detailType: string, orderId: string) =>
  JSON.stringify({ 'detail-type': detailType, source: 'shop.orders', detail: { data: { orderId } } });

describe('Pipes with an SQS source', () => {
  it('deletes records no filter matches and passes only the matching ones on', async () => {
    const world = createWorld({
      properties: {
        SourceParameters: {
          FilterCriteria: { Filters: [{ Pattern: '{"body":{"detail-type":["OrderShipped"]}}' }] },
        },
      },
    });
    world.send(orderEvent('OrderShipped', 'o-1'));
    world.send(orderEvent('OrderPlaced', 'o-2'));
    world.send('plain text, not an event');

    world.pipes.start();
    await waitFor(() => stats(world).filteredOut === 2 && stats(world).deleted === 1);

    const [delivery] = callsTo(world, TARGET);
    expect(recordsIn(delivery?.payload)).toHaveLength(1);
    expect(JSON.parse(recordsIn(delivery?.payload)[0]?.body ?? '')['detail-type']).toBe('OrderShipped');
    expect(world.sqs.queueStats(SOURCE)).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('hands the batch to the enrichment as an array of SQS records and its answer to the target', async () => {
    const world = createWorld({
      properties: { Enrichment: ENRICH },
      enrich: (payload) =>
        ok(recordsIn(payload).map((record) => ({ messageId: record.messageId, email: 'ada@example.com' }))),
    });
    const id = world.send(orderEvent('OrderConfirmed', 'o-1'));

    world.pipes.start();
    await waitFor(() => stats(world).deleted === 1);

    const [enrichment] = callsTo(world, ENRICH);
    expect(recordsIn(enrichment?.payload)[0]).toMatchObject({
      messageId: id,
      eventSource: 'aws:sqs',
      eventSourceARN: SOURCE,
      awsRegion: REGION,
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(callsTo(world, TARGET)[0]?.payload).toEqual([{ messageId: id, email: 'ada@example.com' }]);
  });

  it('leaves the batch on the queue when the enrichment fails, so it is redelivered and then dead-lettered', async () => {
    const world = createWorld({
      properties: { Enrichment: ENRICH },
      // Visible again at once, so the redeliveries need no waiting; two receives, then the DLQ.
      queueAttributes: {
        VisibilityTimeout: '0',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 2 }),
      },
      enrich: () => failure,
    });
    const id = world.send(orderEvent('OrderConfirmed', 'o-1'));

    world.pipes.start();
    await waitFor(() => world.sqs.queueStats(DLQ).visible === 1);

    const receives = callsTo(world, ENRICH).map((call) => recordsIn(call.payload)[0]);
    expect(receives.map((record) => [record?.messageId, record?.attributes.ApproximateReceiveCount])).toEqual([
      [id, '1'],
      [id, '2'],
    ]);
    expect(callsTo(world, TARGET)).toEqual([]);
    expect(stats(world)).toMatchObject({ enrichmentFailures: 2, deleted: 0 });
  });

  it('does not invoke the target when the enrichment answers an empty array, and deletes the batch', async () => {
    const world = createWorld({ properties: { Enrichment: ENRICH }, enrich: () => ok([]) });
    world.send(orderEvent('OrderConfirmed', 'o-1'));

    world.pipes.start();
    await waitFor(() => stats(world).deleted === 1);

    expect(callsTo(world, TARGET)).toEqual([]);
    expect(world.sqs.queueStats(SOURCE)).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('keeps only the records the target names in batchItemFailures', async () => {
    let failedId = '';
    const world = createWorld({
      properties: {},
      target: () => ok({ batchItemFailures: [{ itemIdentifier: failedId }] }),
    });
    world.send('a');
    failedId = world.send('b');
    world.send('c');

    world.pipes.start();
    await waitFor(() => stats(world).deleted === 2);

    expect(stats(world).failedRecords).toBe(1);
    expect(world.sqs.queueStats(SOURCE)).toMatchObject({ visible: 0, inFlight: 1 });
  });

  it('fails the whole batch when an itemIdentifier is not a message of the batch', async () => {
    const world = createWorld({
      properties: {},
      target: () => ok({ batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] }),
    });
    world.send('a');
    world.send('b');

    world.pipes.start();
    await waitFor(() => stats(world).failedRecords === 2);

    expect(stats(world)).toMatchObject({ deleted: 0, targetFailures: 1 });
    expect(world.sqs.queueStats(SOURCE)).toMatchObject({ inFlight: 2 });
  });

  it('leaves the whole batch on the queue when the target fails', async () => {
    const world = createWorld({ properties: {}, target: () => failure });
    world.send('a');
    world.send('b');

    world.pipes.start();
    await waitFor(() => stats(world).failedRecords === 2);

    expect(stats(world).deleted).toBe(0);
    expect(world.sqs.queueStats(SOURCE)).toMatchObject({ inFlight: 2 });
  });

  it('never hands the enrichment or target more records than the batch size', async () => {
    const world = createWorld({
      properties: { SourceParameters: { SqsQueueParameters: { BatchSize: 2 } } },
    });
    for (const body of ['1', '2', '3', '4', '5']) world.send(body);

    world.pipes.start();
    await waitFor(() => stats(world).deleted === 5);

    const sizes = callsTo(world, TARGET).map((call) => recordsIn(call.payload).length);
    expect(Math.max(...sizes)).toBe(2);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(5);
  });

  it('hands a FIRE_AND_FORGET target the batch asynchronously and deletes it', async () => {
    const world = createWorld({
      properties: { TargetParameters: { LambdaFunctionParameters: { InvocationType: 'FIRE_AND_FORGET' } } },
      target: () => failure,
    });
    world.send('a');

    world.pipes.start();
    await waitFor(() => stats(world).deleted === 1);

    expect(callsTo(world, TARGET)).toEqual([]);
    expect(recordsIn(world.asyncCalls[0]?.payload)[0]?.body).toBe('a');
  });

  it('renders the enrichment input template for each record, with the JSON body parsed', async () => {
    const world = createWorld({
      properties: {
        Enrichment: ENRICH,
        EnrichmentParameters: {
          InputTemplate:
            '{"messageId": <$.messageId>, "orderId": <$.body.detail.data.orderId>, "pipe": <aws.pipes.pipe-name>}',
        },
      },
      enrich: () => ok([]),
    });
    const first = world.send(orderEvent('OrderConfirmed', 'o-1'));
    const second = world.send(orderEvent('OrderShipped', 'o-2'));

    world.pipes.start();
    await waitFor(() => stats(world).deleted === 2);

    expect(callsTo(world, ENRICH)[0]?.payload).toEqual([
      { messageId: first, orderId: 'o-1', pipe: 'test-pipe' },
      { messageId: second, orderId: 'o-2', pipe: 'test-pipe' },
    ]);
  });

  it('does not poll a pipe whose DesiredState is STOPPED', async () => {
    const world = createWorld({ properties: { DesiredState: 'STOPPED' } });
    world.send('a');

    world.pipes.start();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(world.sqs.waitingReceives(SOURCE)).toBe(0);
    expect(world.sqs.queueStats(SOURCE)).toMatchObject({ visible: 1, inFlight: 0 });
    expect(stats(world)).toMatchObject({ state: 'STOPPED', batches: 0 });
  });
});

describe('createPipesService start-up checks', () => {
  function attempt(properties: Record<string, unknown>, functionExists: (arn: string) => boolean = () => true) {
    const dir = createTempDir();
    const sqs = createSqsService({
      dataDir: dir.path,
      edgeUrl: 'http://127.0.0.1:4566',
      region: REGION,
      accountId: ACCOUNT_ID,
    });
    cleanups.push(
      () => dir.remove(),
      () => sqs.close(),
    );
    sqs.createQueue('source');
    return () =>
      createPipesService({
        pipes: [
          {
            stackName: 'shop-test-local',
            logicalId: 'TestPipe',
            name: 'test-pipe',
            arn: `arn:aws:pipes:${REGION}:${ACCOUNT_ID}:pipe/test-pipe`,
            properties: { Source: SOURCE, Target: TARGET, ...properties },
          },
        ],
        sqs,
        region: REGION,
        accountId: ACCOUNT_ID,
        invokeFunction: async () => ok(null),
        functionExists,
      });
  }

  it('refuses a source queue that does not exist', () => {
    expect(attempt({ Source: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:missing` })).toThrow(
      /TestPipe \(test-pipe\): source queue .*:missing does not exist/,
    );
  });

  it('refuses an enrichment function that does not exist', () => {
    expect(attempt({ Enrichment: ENRICH }, (arn) => arn !== ENRICH)).toThrow(
      /Enrichment function .*:enrich does not exist/,
    );
  });

  it('refuses a source in another region', () => {
    expect(attempt({ Source: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:source` })).toThrow(
      /Source .* is not in the local cloud's region/,
    );
  });

  it('refuses a FIRE_AND_FORGET target without asynchronous invocation', () => {
    expect(attempt({ TargetParameters: { LambdaFunctionParameters: { InvocationType: 'FIRE_AND_FORGET' } } })).toThrow(
      /FIRE_AND_FORGET target needs asynchronous invocation/,
    );
  });
});
