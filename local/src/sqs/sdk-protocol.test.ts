import {
  AddPermissionCommand,
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from './md5.ts';
import { ACCOUNT_ID, createTempDir, type HttpEdge, REGION, startHttpEdge } from './test-support.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Reference digests of SQS's message-attribute MD5 (see md5.test.ts). */
const ATTRIBUTES = {
  attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
  customNumberTypeAttrib: { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' },
  binaryAttribute: { DataType: 'Binary', BinaryValue: new TextEncoder().encode('Hello binary world!') },
};
const MD5_OF_ALL_ATTRIBUTES = 'c932db14a896c663f83c260297d594ff';
const MD5_OF_ATTRIB_NAME_1 = '19e27d4e946b072f3f58da80d94fd778';

/** The name and query code of the error a command failed with. */
async function failureOf(promise: Promise<unknown>): Promise<{ name: string; code: unknown; status: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) {
      const details = error as Error & { Code?: unknown; $metadata?: { httpStatusCode?: number } };
      return { name: error.name, code: details.Code, status: details.$metadata?.httpStatusCode };
    }
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('SQS over the JSON protocol with the real SDK v3 client', () => {
  let dir: ReturnType<typeof createTempDir>;
  let edge: HttpEdge;
  let sqs: SQSClient;

  beforeAll(async () => {
    dir = createTempDir();
    edge = await startHttpEdge(dir.path);
    sqs = new SQSClient({ region: REGION, endpoint: edge.url, credentials, maxAttempts: 1, logger: silentLogger });
  });

  afterAll(async () => {
    sqs.destroy();
    await edge.close();
    dir.remove();
  });

  const createQueue = async (name: string, attributes?: Record<string, string>) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (!QueueUrl) throw new Error('no queue url');
    return QueueUrl;
  };

  it('creates, finds and lists queues whose URLs point at the edge', async () => {
    const queueUrl = await createQueue('sdk-orders');
    await createQueue('sdk-orders-dlq');
    expect(queueUrl).toBe(`${edge.url}/${ACCOUNT_ID}/sdk-orders`);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'sdk-orders' }))).QueueUrl).toBe(queueUrl);
    const firstPage = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'sdk-orders', MaxResults: 1 }));
    expect(firstPage.QueueUrls).toEqual([queueUrl]);
    const secondPage = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'sdk-orders', MaxResults: 1, NextToken: firstPage.NextToken }),
    );
    expect(secondPage.QueueUrls).toEqual([`${edge.url}/${ACCOUNT_ID}/sdk-orders-dlq`]);
    expect(secondPage.NextToken).toBeUndefined();
  });

  it('sends and receives with MD5 digests the SDK verifies and AWS would compute', async () => {
    const queueUrl = await createQueue('sdk-md5');
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'Grüße {"order":1}', MessageAttributes: ATTRIBUTES }),
    );
    expect(sent.MD5OfMessageAttributes).toBe(MD5_OF_ALL_ATTRIBUTES);

    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        VisibilityTimeout: 0,
      }),
    );
    const [message] = received.Messages ?? [];
    expect(message?.Body).toBe('Grüße {"order":1}');
    expect(message?.MessageId).toBe(sent.MessageId);
    expect(message?.MD5OfMessageAttributes).toBe(MD5_OF_ALL_ATTRIBUTES);
    expect(message?.MessageAttributes?.binaryAttribute?.BinaryValue).toEqual(ATTRIBUTES.binaryAttribute.BinaryValue);
    expect(Object.keys(message?.Attributes ?? {}).sort()).toEqual([
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SenderId',
      'SentTimestamp',
    ]);

    const filtered = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['attribName1'] }),
    );
    expect(filtered.Messages?.[0]?.MD5OfMessageAttributes).toBe(MD5_OF_ATTRIB_NAME_1);
    expect(Object.keys(filtered.Messages?.[0]?.MessageAttributes ?? {})).toEqual(['attribName1']);
    expect(filtered.Messages?.[0]?.Attributes).toBeUndefined();
  });

  it('carries the AWSTraceHeader system attribute with its own MD5', async () => {
    const queueUrl = await createQueue('sdk-trace');
    const traceHeader = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'traced',
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } },
      }),
    );
    expect(sent.MD5OfMessageSystemAttributes).toBe(
      md5OfMessageAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } }),
    );
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageSystemAttributeNames: ['AWSTraceHeader'] }),
    );
    expect(received.Messages?.[0]?.Attributes).toEqual({ AWSTraceHeader: traceHeader });
  });

  it('maps errors to the SDK exception classes with their query-compatible codes', async () => {
    const missing = await failureOf(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })));
    expect(missing).toEqual({
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
      status: 400,
    });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toBeInstanceOf(QueueDoesNotExist);

    const queueUrl = await createQueue('sdk-errors');
    await expect(
      sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'garbage' })),
    ).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
    expect(
      await failureOf(sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 11 }))),
    ).toEqual({ name: 'InvalidParameterValue', code: 'InvalidParameterValue', status: 400 });
    expect(await failureOf(sqs.send(new CreateQueueCommand({ QueueName: 'x.fifo' })))).toEqual({
      name: 'InvalidParameterValue',
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(
      (
        await failureOf(
          sqs.send(new AddPermissionCommand({ QueueUrl: queueUrl, Label: 'l', AWSAccountIds: [], Actions: [] })),
        )
      ).name,
    ).toBe('UnsupportedOperation');
    expect(
      (
        await failureOf(
          sqs.send(new CreateQueueCommand({ QueueName: 'sdk-errors', Attributes: { DelaySeconds: '5' } })),
        )
      ).name,
    ).toBe('QueueNameExists');
  });

  it('names errors on the wire in the SQS namespace with the query code beside, as AWS answers', async () => {
    const response = await fetch(edge.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.GetQueueUrl', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ QueueName: 'nope' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
    const missing = await fetch(edge.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ MessageBody: 'x' }),
    });
    expect(missing.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
    expect(((await missing.json()) as { __type: string }).__type).toBe(
      'com.amazonaws.sqs#MissingRequiredParameterException',
    );
  });

  it('runs a FIFO queue through the SDK: sequence numbers, group and deduplication ids, ordered groups', async () => {
    const queueUrl = await createQueue('sdk-orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const sent = [];
    for (const [body, group] of [
      ['a1', 'a'],
      ['b1', 'b'],
      ['a2', 'a'],
    ] as const) {
      sent.push(
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageGroupId: group })),
      );
    }
    expect(sent.every((result) => /^\d{20}$/.test(result.SequenceNumber ?? ''))).toBe(true);
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'dup', MessageBody: 'a1', MessageGroupId: 'a' },
          { Id: 'no-group', MessageBody: 'z' },
        ],
      }),
    );
    expect(batch.Successful?.[0]?.MessageId).toBe(sent[0]?.MessageId);
    expect(batch.Failed).toEqual([
      expect.objectContaining({ Id: 'no-group', Code: 'MissingParameter', SenderFault: true }),
    ]);

    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    expect(received.Messages?.map((message) => message.Body)).toEqual(['a1', 'b1', 'a2']);
    expect(received.Messages?.[0]?.Attributes).toMatchObject({
      MessageGroupId: 'a',
      SequenceNumber: sent[0]?.SequenceNumber,
      MessageDeduplicationId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 })),
    ).not.toHaveProperty('Messages');
  });

  it('reports each batch entry as Successful or Failed', async () => {
    const queueUrl = await createQueue('sdk-batch');
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'ok-1', MessageBody: 'one' },
          { Id: 'bad', MessageBody: 'two', MessageAttributes: { n: { DataType: 'Number', StringValue: 'NaN!' } } },
          { Id: 'ok-2', MessageBody: 'three', DelaySeconds: 0 },
        ],
      }),
    );
    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['ok-1', 'ok-2']);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'InvalidParameterValue', SenderFault: true }),
    ]);

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    const handles = (received.Messages ?? []).map((message, index) => ({
      Id: `m${index}`,
      ReceiptHandle: message.ReceiptHandle,
    }));
    expect(handles).toHaveLength(2);
    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          ...handles.map((entry) => ({ ...entry, VisibilityTimeout: 60 })),
          { Id: 'junk', ReceiptHandle: 'junk', VisibilityTimeout: 60 },
        ],
      }),
    );
    expect(changed.Successful?.map((entry) => entry.Id)).toEqual(['m0', 'm1']);
    expect(changed.Failed?.[0]).toMatchObject({ Id: 'junk', Code: 'ReceiptHandleIsInvalid', SenderFault: true });
    const deleted = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: handles }));
    expect(deleted.Successful?.map((entry) => entry.Id)).toEqual(['m0', 'm1']);
    expect(deleted.Failed ?? []).toEqual([]);
  });

  it('enforces the batch limits on the whole request', async () => {
    const queueUrl = await createQueue('sdk-batch-limits');
    const entries = (count: number, body = 'x') =>
      Array.from({ length: count }, (_, index) => ({ Id: `e${index}`, MessageBody: body }));
    const send = (Entries: { Id: string; MessageBody: string }[]) =>
      failureOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries })));
    expect((await send(entries(11))).name).toBe('TooManyEntriesInBatchRequest');
    expect((await send([])).name).toBe('EmptyBatchRequest');
    expect(
      (
        await send([
          { Id: 'same', MessageBody: 'a' },
          { Id: 'same', MessageBody: 'b' },
        ])
      ).name,
    ).toBe('BatchEntryIdsNotDistinct');
    expect((await send([{ Id: 'not valid!', MessageBody: 'a' }])).name).toBe('InvalidBatchEntryId');
    const tooLong = await send(entries(3, 'x'.repeat(400_000)));
    expect(tooLong).toMatchObject({ name: 'BatchRequestTooLong', code: 'AWS.SimpleQueueService.BatchRequestTooLong' });
  });

  it('redrives to the dead-letter queue and lists the source queue', async () => {
    const dlqUrl = await createQueue('sdk-dlq');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn;
    const sourceUrl = await createQueue('sdk-source', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
    });
    expect((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }))).queueUrls).toEqual([
      sourceUrl,
    ]);
    await sqs.send(new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: 'fails once' }));
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: sourceUrl, VisibilityTimeout: 0 }))).Messages,
    ).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: sourceUrl }))).Messages).toBeUndefined();
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['All'] }));
    expect(dead.Messages?.[0]?.Body).toBe('fails once');
    expect(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(
      `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:sdk-source`,
    );
  });

  it('reads and changes queue attributes and tags, and purges', async () => {
    const queueUrl = await createQueue('sdk-attributes');
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '90' } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'counted' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({ VisibilityTimeout: '90', ApproximateNumberOfMessages: '1' });
    expect(
      (
        await failureOf(
          sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Bogus' as 'All'] })),
        )
      ).name,
    ).toBe('InvalidAttributeName');

    await sqs.send(new TagQueueCommand({ QueueUrl: queueUrl, Tags: { team: 'payments', tier: 'gold' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl: queueUrl, TagKeys: ['tier'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: queueUrl }))).Tags).toEqual({ team: 'payments' });

    await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    expect((await failureOf(sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl })))).name).toBe(
      'PurgeQueueInProgress',
    );
  });

  it('answers a long-polling receive when a message arrives', async () => {
    const queueUrl = await createQueue('sdk-long-poll');
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'late' }));
    expect((await receiving).Messages?.[0]?.Body).toBe('late');
  });

  it('reaches the edge through the queue URL host when the client has no endpoint', async () => {
    const queueUrl = await createQueue('sdk-no-endpoint');
    const unconfigured = new SQSClient({ region: REGION, credentials, maxAttempts: 1, logger: silentLogger });
    try {
      const sent = await unconfigured.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'routed by url' }),
      );
      expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      unconfigured.destroy();
    }
  });
});
