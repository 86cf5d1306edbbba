import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError, isAwsError } from '../edge/aws-error.ts';
import { createSqsService, type SqsService } from './index.ts';
import { ACCOUNT_ID, createFakeClock, createTempDir, type FakeClock, REGION } from './test-support.ts';

const EDGE_URL = 'http://localhost:4566';
const SECOND = 1_000;

/** Runs `action` and returns the AWS error code it failed with. */
async function errorCodeOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (isAwsError(error)) return error.code;
    throw error;
  }
  throw new Error('expected an AWS error');
}

describe('SQS service (internal API)', () => {
  let dir: ReturnType<typeof createTempDir>;
  let clock: FakeClock;
  let sqs: SqsService;

  beforeEach(() => {
    dir = createTempDir();
    clock = createFakeClock();
    sqs = createSqsService({
      dataDir: dir.path,
      edgeUrl: EDGE_URL,
      region: REGION,
      accountId: ACCOUNT_ID,
      clock: clock.now,
    });
  });

  afterEach(() => {
    sqs.close();
    dir.remove();
  });

  const receiveOne = async (queue: string, visibilityTimeout?: number) => {
    const messages = await sqs.receiveMessages(queue, {
      maxNumberOfMessages: 1,
      waitTimeSeconds: 0,
      ...(visibilityTimeout === undefined ? {} : { visibilityTimeout }),
    });
    return messages[0];
  };

  describe('queues', () => {
    it('names queue URLs after the edge and ARNs after region and account', () => {
      expect(sqs.createQueue('orders')).toEqual({
        queueUrl: `${EDGE_URL}/${ACCOUNT_ID}/orders`,
        queueArn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders`,
      });
      expect(sqs.listQueueArns()).toEqual([`arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders`]);
    });

    it('creates idempotently with identical attributes and refuses different ones', async () => {
      sqs.createQueue('q', { VisibilityTimeout: '60' });
      expect(sqs.createQueue('q', { VisibilityTimeout: '60' }).queueUrl).toContain('/q');
      expect(sqs.createQueue('q').queueUrl).toContain('/q');
      expect(await errorCodeOf(() => sqs.createQueue('q', { VisibilityTimeout: '61' }))).toBe('QueueNameExists');
    });

    it('creates a FIFO queue only with FifoQueue=true and a .fifo name, and knows FIFO attributes on FIFO queues only', async () => {
      expect(await errorCodeOf(() => sqs.createQueue('orders.fifo'))).toBe('InvalidParameterValueException');
      expect(() => sqs.createQueue('orders', { FifoQueue: 'true' })).toThrow(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
      expect(await errorCodeOf(() => sqs.createQueue('plain', { ContentBasedDeduplication: 'true' }))).toBe(
        'InvalidAttributeName',
      );
      const { queueUrl } = sqs.createQueue('orders.fifo', { FifoQueue: 'true' });
      expect(sqs.getQueueAttributes(queueUrl)).toMatchObject({
        FifoQueue: 'true',
        ContentBasedDeduplication: 'false',
        DeduplicationScope: 'queue',
        FifoThroughputLimit: 'perQueue',
      });
      expect(
        await errorCodeOf(() => sqsApi(sqs).setAttributes(queueUrl, { FifoThroughputLimit: 'perMessageGroupId' })),
      ).toBe('InvalidAttributeValue');
      sqsApi(sqs).setAttributes(queueUrl, {
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
      });
      expect(await errorCodeOf(() => sqsApi(sqs).setAttributes(queueUrl, { FifoQueue: 'false' }))).toBe(
        'InvalidAttributeName',
      );
    });

    it('takes a bare queue name where a queue URL is expected', () => {
      sqs.createQueue('named');
      sqs.sendMessage('named', { body: 'x' });
      expect(sqs.getQueueAttributes('named').ApproximateNumberOfMessages).toBe('1');
    });

    it('validates queue names and attribute values', async () => {
      expect(await errorCodeOf(() => sqs.createQueue('bad name'))).toBe('InvalidParameterValueException');
      expect(await errorCodeOf(() => sqs.createQueue('q', { VisibilityTimeout: '43201' }))).toBe(
        'InvalidAttributeValue',
      );
      expect(await errorCodeOf(() => sqs.createQueue('q', { DelaySeconds: '901' }))).toBe('InvalidAttributeValue');
      expect(await errorCodeOf(() => sqs.createQueue('q', { Colour: 'blue' }))).toBe('InvalidAttributeName');
    });

    it('reports attributes and counters like GetQueueAttributes', () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '45' });
      sqs.sendMessage(queueArn, { body: 'a' });
      sqs.sendMessage(queueArn, { body: 'b', delaySeconds: 10 });
      const attributes = sqs.getQueueAttributes(queueArn);
      expect(attributes).toMatchObject({
        QueueArn: queueArn,
        VisibilityTimeout: '45',
        DelaySeconds: '0',
        MaximumMessageSize: '1048576',
        MessageRetentionPeriod: '345600',
        ReceiveMessageWaitTimeSeconds: '0',
        ApproximateNumberOfMessages: '1',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '1',
        CreatedTimestamp: String(Math.floor(clock.now() / SECOND)),
      });
    });
  });

  describe('delivery and visibility', () => {
    it('delivers at least once: an undeleted message comes back after its visibility timeout', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '30' });
      const sent = sqs.sendMessage(queueArn, { body: 'hello' });
      clock.advance(5 * SECOND);
      const first = await receiveOne(queueArn);
      expect(first).toMatchObject({ messageId: sent.messageId, body: 'hello', md5OfBody: sent.md5OfMessageBody });
      expect(first?.attributes.ApproximateReceiveCount).toBe('1');
      expect(first?.attributes.SentTimestamp).toBe(String(clock.now() - 5 * SECOND));

      clock.advance(29 * SECOND);
      expect(await receiveOne(queueArn)).toBeUndefined();

      clock.advance(1 * SECOND);
      const second = await receiveOne(queueArn);
      expect(second?.messageId).toBe(sent.messageId);
      expect(second?.attributes.ApproximateReceiveCount).toBe('2');
      expect(second?.attributes.ApproximateFirstReceiveTimestamp).toBe(
        first?.attributes.ApproximateFirstReceiveTimestamp,
      );
      expect(second?.receiptHandle).not.toBe(first?.receiptHandle);
    });

    it('ends the visibility timeout of in-flight messages on request, leaving delayed ones and other queues alone', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '60' });
      const other = sqs.createQueue('other', { VisibilityTimeout: '60' }).queueArn;
      const held = sqs.sendMessage(queueArn, { body: 'held' });
      sqs.sendMessage(queueArn, { body: 'delayed', delaySeconds: 30 });
      sqs.sendMessage(other, { body: 'elsewhere' });
      const first = await receiveOne(queueArn);
      await receiveOne(other);
      expect(sqs.queueStats(queueArn)).toMatchObject({ visible: 0, inFlight: 1, delayed: 1 });

      expect(sqs.endVisibilityTimeouts(queueArn)).toBe(1);
      expect(sqs.queueStats(queueArn)).toMatchObject({ visible: 1, inFlight: 0, delayed: 1 });
      expect(sqs.queueStats(other)).toMatchObject({ visible: 0, inFlight: 1 });
      const again = await receiveOne(queueArn);
      expect(again?.messageId).toBe(held.messageId);
      expect(again?.attributes.ApproximateReceiveCount).toBe('2');
      expect(again?.receiptHandle).not.toBe(first?.receiptHandle);
      expect(sqs.endVisibilityTimeouts(queueArn)).toBe(1);
      sqs.deleteMessage(queueArn, again?.receiptHandle ?? '');
      expect(sqs.endVisibilityTimeouts(queueArn)).toBe(0);
      expect(await errorCodeOf(() => sqs.endVisibilityTimeouts('missing'))).toBe('QueueDoesNotExist');
    });

    it('uses a per-receive visibility timeout over the queue default', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '300' });
      sqs.sendMessage(queueArn, { body: 'x' });
      await receiveOne(queueArn, 10);
      clock.advance(10 * SECOND);
      expect((await receiveOne(queueArn))?.body).toBe('x');
    });

    it('deletes a message with its latest receipt handle', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '1' });
      sqs.sendMessage(queueArn, { body: 'x' });
      const message = await receiveOne(queueArn);
      sqs.deleteMessage(queueArn, message?.receiptHandle ?? '');
      clock.advance(5 * SECOND);
      expect(await receiveOne(queueArn)).toBeUndefined();
      expect(sqs.queueStats(queueArn)).toMatchObject({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it('deletes a standard message with an older receipt handle too, and a deleted one again without error', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '10' });
      sqs.sendMessage(queueArn, { body: 'x' });
      const first = await receiveOne(queueArn);
      clock.advance(10 * SECOND);
      const second = await receiveOne(queueArn);
      expect(sqs.queueStats(queueArn).inFlight).toBe(1);
      sqs.deleteMessage(queueArn, first?.receiptHandle ?? '');
      expect(sqs.queueStats(queueArn)).toMatchObject({ inFlight: 0, visible: 0 });
      sqs.deleteMessage(queueArn, second?.receiptHandle ?? '');
    });

    it('rejects a malformed receipt handle with ReceiptHandleIsInvalid', async () => {
      const { queueArn } = sqs.createQueue('q');
      expect(await errorCodeOf(() => sqs.deleteMessage(queueArn, 'not-a-handle'))).toBe('ReceiptHandleIsInvalid');
      expect(await errorCodeOf(() => sqs.changeMessageVisibility(queueArn, 'bogus', 5))).toBe('ReceiptHandleIsInvalid');
    });

    it('releases a message at once with ChangeMessageVisibility 0', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '600' });
      sqs.sendMessage(queueArn, { body: 'x' });
      const message = await receiveOne(queueArn);
      sqs.changeMessageVisibility(queueArn, message?.receiptHandle ?? '', 0);
      const again = await receiveOne(queueArn);
      expect(again?.attributes.ApproximateReceiveCount).toBe('2');
    });

    it('extends visibility from now, up to 12 hours after the receive', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '30' });
      sqs.sendMessage(queueArn, { body: 'x' });
      const handle = (await receiveOne(queueArn))?.receiptHandle ?? '';
      clock.advance(20 * SECOND);
      sqs.changeMessageVisibility(queueArn, handle, 60);
      clock.advance(59 * SECOND);
      expect(await receiveOne(queueArn)).toBeUndefined();
      expect(await errorCodeOf(() => sqs.changeMessageVisibility(queueArn, handle, 43_200))).toBe(
        'InvalidParameterValueException',
      );
      expect(await errorCodeOf(() => sqs.changeMessageVisibility(queueArn, handle, 43_201))).toBe(
        'InvalidParameterValueException',
      );
      sqs.changeMessageVisibility(queueArn, handle, 43_200 - 79);
    });

    it('hides a standard message again when its visibility changes after the timeout expired, and refuses a deleted one', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '10' });
      sqs.sendMessage(queueArn, { body: 'x' });
      const first = (await receiveOne(queueArn))?.receiptHandle ?? '';
      clock.advance(10 * SECOND);
      expect(sqs.queueStats(queueArn).visible).toBe(1);
      sqs.changeMessageVisibility(queueArn, first, 30);
      expect(sqs.queueStats(queueArn)).toMatchObject({ visible: 0, inFlight: 1 });
      sqs.deleteMessage(queueArn, first);
      expect(await errorCodeOf(() => sqs.changeMessageVisibility(queueArn, first, 30))).toBe(
        'InvalidParameterValueException',
      );
    });

    it('keeps and returns a standard message group id, and refuses an invalid one or a deduplication id', async () => {
      const { queueArn } = sqs.createQueue('q');
      sqs.sendMessage(queueArn, { body: 'x', messageGroupId: 'tenant-1' });
      expect((await receiveOne(queueArn))?.attributes.MessageGroupId).toBe('tenant-1');
      for (const messageGroupId of ['', 'with space', 'é', 'x'.repeat(129), 7]) {
        expect(await errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'x', messageGroupId }))).toBe(
          'InvalidParameterValueException',
        );
      }
      expect(() => sqs.sendMessage(queueArn, { body: 'x', messageDeduplicationId: 'd-1' })).toThrow(
        'Value d-1 for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.',
      );
    });

    it('returns at most MaxNumberOfMessages and validates the range 1..10', async () => {
      const { queueArn } = sqs.createQueue('q');
      for (let index = 0; index < 12; index++) sqs.sendMessage(queueArn, { body: `m${index}` });
      const batch = await sqs.receiveMessages(queueArn, { maxNumberOfMessages: 10, waitTimeSeconds: 0 });
      expect(batch.map((message) => message.body)).toEqual([
        'm0',
        'm1',
        'm2',
        'm3',
        'm4',
        'm5',
        'm6',
        'm7',
        'm8',
        'm9',
      ]);
      expect(new Set(batch.map((message) => message.receiptHandle)).size).toBe(10);
      expect(await errorCodeOf(() => sqs.receiveMessages(queueArn, { maxNumberOfMessages: 11 }))).toBe(
        'InvalidParameterValueException',
      );
      expect(await errorCodeOf(() => sqs.receiveMessages(queueArn, { maxNumberOfMessages: 0 }))).toBe(
        'InvalidParameterValueException',
      );
      expect(await errorCodeOf(() => sqs.receiveMessages(queueArn, { waitTimeSeconds: 21 }))).toBe(
        'InvalidParameterValueException',
      );
    });
  });

  describe('dead-letter queues', () => {
    it('redrives a message to the DLQ after maxReceiveCount receives', async () => {
      const dlq = sqs.createQueue('q-dlq');
      const source = sqs.createQueue('q', {
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: '2' }),
      });
      const sent = sqs.sendMessage(source.queueArn, { body: 'poison' });
      for (let attempt = 1; attempt <= 2; attempt++) {
        expect((await receiveOne(source.queueArn))?.attributes.ApproximateReceiveCount).toBe(String(attempt));
        clock.advance(5 * SECOND);
      }
      expect(await receiveOne(source.queueArn)).toBeUndefined();
      expect(sqs.queueStats(source.queueArn)).toMatchObject({ visible: 0, inFlight: 0 });

      const dead = await receiveOne(dlq.queueArn);
      expect(dead).toMatchObject({ messageId: sent.messageId, body: 'poison' });
      expect(dead?.attributes.DeadLetterQueueSourceArn).toBe(source.queueArn);
      expect(sqs.getQueueAttributes(source.queueArn).RedrivePolicy).toBe(
        JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 2 }),
      );
    });

    it('refuses a RedrivePolicy whose dead-letter queue does not exist or whose count is out of range', async () => {
      const missing = JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:nope`,
        maxReceiveCount: 3,
      });
      expect(await errorCodeOf(() => sqs.createQueue('q', { RedrivePolicy: missing }))).toBe(
        'InvalidParameterValueException',
      );
      const dlq = sqs.createQueue('dlq');
      const zero = JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 0 });
      expect(await errorCodeOf(() => sqs.createQueue('q', { RedrivePolicy: zero }))).toBe(
        'InvalidParameterValueException',
      );
    });
  });

  describe('delays and retention', () => {
    it('holds messages back for the queue delay and for a per-message delay', async () => {
      const { queueArn } = sqs.createQueue('q', { DelaySeconds: '20' });
      sqs.sendMessage(queueArn, { body: 'queue-delay' });
      sqs.sendMessage(queueArn, { body: 'own-delay', delaySeconds: 5 });
      expect(sqs.queueStats(queueArn)).toMatchObject({ visible: 0, delayed: 2 });
      clock.advance(5 * SECOND);
      expect((await receiveOne(queueArn))?.body).toBe('own-delay');
      clock.advance(15 * SECOND);
      expect((await receiveOne(queueArn))?.body).toBe('queue-delay');
      expect(await errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'x', delaySeconds: 901 }))).toBe(
        'InvalidParameterValueException',
      );
    });

    it('drops messages older than MessageRetentionPeriod', async () => {
      const { queueArn } = sqs.createQueue('q', { MessageRetentionPeriod: '60' });
      sqs.sendMessage(queueArn, { body: 'old' });
      clock.advance(30 * SECOND);
      sqs.sendMessage(queueArn, { body: 'young' });
      clock.advance(30 * SECOND);
      expect(sqs.queueStats(queueArn).visible).toBe(1);
      expect((await receiveOne(queueArn))?.body).toBe('young');
    });
  });

  describe('validation', () => {
    it('limits the message size, attributes included, to MaximumMessageSize', async () => {
      const { queueArn } = sqs.createQueue('q', { MaximumMessageSize: '1024' });
      sqs.sendMessage(queueArn, { body: 'x'.repeat(1024) });
      expect(await errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'x'.repeat(1025) }))).toBe(
        'InvalidParameterValueException',
      );
      const attributes = { a: { DataType: 'String', StringValue: 'y' } };
      expect(
        await errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'x'.repeat(1020), messageAttributes: attributes })),
      ).toBe('InvalidParameterValueException');
    });

    it('rejects characters outside the XML character set', async () => {
      const { queueArn } = sqs.createQueue('q');
      expect(await errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'bad\u0001' }))).toBe('InvalidMessageContents');
      expect(await errorCodeOf(() => sqs.sendMessage(queueArn, { body: '' }))).toBe(
        'MissingRequiredParameterException',
      );
    });

    it('validates message attribute names, types and values', async () => {
      const { queueArn } = sqs.createQueue('q');
      const send = (messageAttributes: Record<string, { DataType?: string; StringValue?: string }>) =>
        errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'x', messageAttributes }));
      expect(await send({ a: { DataType: 'Text', StringValue: 'v' } })).toBe('InvalidParameterValueException');
      expect(await send({ a: { DataType: 'Number', StringValue: 'twelve' } })).toBe('InvalidParameterValueException');
      expect(await send({ 'AWS.trace': { DataType: 'String', StringValue: 'v' } })).toBe(
        'InvalidParameterValueException',
      );
      expect(await send({ a: { DataType: 'String', StringValue: '' } })).toBe('InvalidParameterValueException');
      const eleven = Object.fromEntries(
        Array.from({ length: 11 }, (_, index) => [`a${index}`, { DataType: 'String', StringValue: 'v' }]),
      );
      expect(await send(eleven)).toBe('InvalidParameterValueException');
      const ok = sqs.sendMessage(queueArn, {
        body: 'x',
        messageAttributes: {
          amount: { DataType: 'Number.cents', StringValue: '-12.5e3' },
          blob: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2, 3) },
        },
      });
      expect(ok.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
      const received = await receiveOne(queueArn);
      expect(received?.messageAttributes.blob?.BinaryValue).toEqual(Buffer.from([1, 2, 3]));
      expect(received?.md5OfMessageAttributes).toBe(ok.md5OfMessageAttributes);
    });
  });

  describe('FIFO queues', () => {
    const fifo = (attributes: Record<string, string> = {}) =>
      sqs.createQueue('orders.fifo', { FifoQueue: 'true', ...attributes }).queueArn;
    const receive = (queue: string, max = 10) =>
      sqs.receiveMessages(queue, { maxNumberOfMessages: max, waitTimeSeconds: 0 });

    it('requires a message group, and a deduplication id unless deduplication is content-based', async () => {
      const queue = fifo();
      expect(() => sqs.sendMessage(queue, { body: 'x', messageDeduplicationId: 'd' })).toThrow(
        'The request must contain the parameter MessageGroupId.',
      );
      expect(() => sqs.sendMessage(queue, { body: 'x', messageGroupId: 'g' })).toThrow(
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
      expect(() =>
        sqs.sendMessage(queue, { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd', delaySeconds: 5 }),
      ).toThrow(
        'Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
      );
    });

    it('accepts a repeat within five minutes without delivering it, answering with the first message id', async () => {
      const queue = fifo();
      const first = sqs.sendMessage(queue, { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd' });
      clock.advance(299 * SECOND);
      const repeat = sqs.sendMessage(queue, { body: 'other', messageGroupId: 'g', messageDeduplicationId: 'd' });
      expect(repeat.messageId).toBe(first.messageId);
      expect(repeat.sequenceNumber).toBe(first.sequenceNumber);
      expect(sqs.queueStats(queue).visible).toBe(1);
      clock.advance(2 * SECOND);
      const later = sqs.sendMessage(queue, { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd' });
      expect(later.messageId).not.toBe(first.messageId);
      expect(sqs.queueStats(queue).visible).toBe(2);
    });

    it('deduplicates on the SHA-256 of the body with ContentBasedDeduplication, per group with DeduplicationScope messageGroup', async () => {
      const queue = fifo({ ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup' });
      sqs.sendMessage(queue, { body: 'same', messageGroupId: 'a' });
      sqs.sendMessage(queue, { body: 'same', messageGroupId: 'a' });
      sqs.sendMessage(queue, { body: 'same', messageGroupId: 'b' });
      const messages = await receive(queue);
      expect(messages.map((message) => message.attributes.MessageGroupId)).toEqual(['a', 'b']);
      expect(messages[0]?.attributes.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    });

    it('delivers a group in order, holding it while one of its messages is in flight', async () => {
      const queue = fifo({ ContentBasedDeduplication: 'true', VisibilityTimeout: '30' });
      for (const body of ['a1', 'a2', 'a3']) sqs.sendMessage(queue, { body, messageGroupId: 'a' });
      sqs.sendMessage(queue, { body: 'b1', messageGroupId: 'b' });

      const first = await receive(queue, 2);
      expect(first.map((message) => message.body)).toEqual(['a1', 'a2']);
      const second = await receive(queue);
      expect(second.map((message) => message.body)).toEqual(['b1']);
      sqs.deleteMessage(queue, first[0]?.receiptHandle ?? '');
      expect(await receive(queue)).toEqual([]);
      sqs.deleteMessage(queue, first[1]?.receiptHandle ?? '');
      expect((await receive(queue)).map((message) => message.body)).toEqual(['a3']);
    });

    it('gives the group back in order when a message of it returns after its visibility timeout', async () => {
      const queue = fifo({ ContentBasedDeduplication: 'true', VisibilityTimeout: '10' });
      for (const body of ['a1', 'a2']) sqs.sendMessage(queue, { body, messageGroupId: 'a' });
      const [a1] = await receive(queue, 1);
      clock.advance(10 * SECOND);
      expect(
        (await receive(queue)).map((message) => [message.body, message.attributes.ApproximateReceiveCount]),
      ).toEqual([
        ['a1', '2'],
        ['a2', '1'],
      ]);
      // The first receive's handle has expired: FIFO refuses it.
      expect(() => sqs.deleteMessage(queue, a1?.receiptHandle ?? '')).toThrow(
        'Reason: The receipt handle has expired.',
      );
    });

    it('numbers messages with increasing 20-digit sequence numbers, returned on send and receive', async () => {
      const queue = fifo({ ContentBasedDeduplication: 'true' });
      const sent = ['1', '2', '3'].map((body) => sqs.sendMessage(queue, { body, messageGroupId: body }));
      const numbers = sent.map((result) => result.sequenceNumber ?? '');
      expect(numbers.every((number) => /^\d{20}$/.test(number))).toBe(true);
      expect([...numbers].sort()).toEqual(numbers);
      expect(new Set(numbers).size).toBe(3);
      expect((await receive(queue)).map((message) => message.attributes.SequenceNumber)).toEqual(numbers);
    });

    it('moves a message to a FIFO dead-letter queue after maxReceiveCount, and refuses a DLQ of the other type', async () => {
      const dlq = sqs.createQueue('orders-dlq.fifo', { FifoQueue: 'true' }).queueArn;
      const standard = sqs.createQueue('plain-dlq').queueArn;
      expect(() =>
        fifo({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: standard, maxReceiveCount: 1 }) }),
      ).toThrow('Dead-letter queue must be same type of queue as the source.');
      const queue = fifo({
        ContentBasedDeduplication: 'true',
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq, maxReceiveCount: 1 }),
      });
      sqs.sendMessage(queue, { body: 'poison', messageGroupId: 'g' });
      await receive(queue);
      clock.advance(5 * SECOND);
      expect(await receive(queue)).toEqual([]);
      const [parked] = await receive(dlq);
      expect(parked).toMatchObject({
        body: 'poison',
        attributes: { MessageGroupId: 'g', DeadLetterQueueSourceArn: queue },
      });
    });
  });

  describe('purge and delete', () => {
    it('purges every message once per 60 seconds', async () => {
      const { queueArn } = sqs.createQueue('q');
      sqs.sendMessage(queueArn, { body: 'a' });
      sqs.sendMessage(queueArn, { body: 'b', delaySeconds: 30 });
      await receiveOne(queueArn);
      sqs.sendMessage(queueArn, { body: 'c' });
      const url = sqs.queueUrlOf(queueArn);
      const purge = () => sqsApi(sqs).purge(url);
      await purge();
      expect(sqs.queueStats(queueArn)).toMatchObject({ visible: 0, inFlight: 0, delayed: 0 });
      expect(await errorCodeOf(purge)).toBe('PurgeQueueInProgress');
      clock.advance(60 * SECOND);
      await purge();
    });

    it('answers QueueDoesNotExist for a deleted queue and refuses its name for 60 seconds', async () => {
      const { queueArn } = sqs.createQueue('q');
      await sqsApi(sqs).deleteQueue(sqs.queueUrlOf(queueArn));
      expect(await errorCodeOf(() => sqs.sendMessage(queueArn, { body: 'x' }))).toBe('QueueDoesNotExist');
      expect(await errorCodeOf(() => sqs.createQueue('q'))).toBe('QueueDeletedRecently');
      clock.advance(60 * SECOND);
      expect(sqs.createQueue('q').queueArn).toBe(queueArn);
    });
  });

  describe('queue stats', () => {
    it('ages the oldest message, leaving out poison pills received three times', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '1' });
      sqs.sendMessage(queueArn, { body: 'poison' });
      clock.advance(100 * SECOND);
      sqs.sendMessage(queueArn, { body: 'fresh', delaySeconds: 900 });
      clock.advance(10 * SECOND);
      expect(sqs.queueStats(queueArn)).toEqual({ visible: 1, inFlight: 0, delayed: 1, oldestMessageAgeSeconds: 110 });
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await receiveOne(queueArn))?.body).toBe('poison');
        clock.advance(1 * SECOND);
      }
      expect(sqs.queueStats(queueArn).oldestMessageAgeSeconds).toBe(13);
    });
  });

  describe('long polling', () => {
    it('answers a waiting receive as soon as a message is sent, without polling', async () => {
      const { queueArn } = sqs.createQueue('q');
      const started = performance.now();
      const receiving = sqs.receiveMessages(queueArn, { maxNumberOfMessages: 1, waitTimeSeconds: 20 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sqs.waitingReceives(queueArn)).toBe(1);
      sqs.sendMessage(queueArn, { body: 'wake up' });
      const [message] = await receiving;
      expect(message?.body).toBe('wake up');
      expect(performance.now() - started).toBeLessThan(15_000);
    });

    it('answers empty when the wait time ends', async () => {
      const { queueArn } = sqs.createQueue('q');
      const started = performance.now();
      expect(await sqs.receiveMessages(queueArn, { maxNumberOfMessages: 1, waitTimeSeconds: 1 })).toEqual([]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    });

    it('uses the queue ReceiveMessageWaitTimeSeconds when the receive gives none', async () => {
      const { queueArn } = sqs.createQueue('q', { ReceiveMessageWaitTimeSeconds: '20' });
      const receiving = sqs.receiveMessages(queueArn, { maxNumberOfMessages: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sqs.waitingReceives(queueArn)).toBe(1);
      sqs.sendMessage(queueArn, { body: 'x' });
      expect((await receiving).length).toBe(1);
    });

    it('answers a waiting receive as soon as the visibility timeouts are ended', async () => {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '60' });
      sqs.sendMessage(queueArn, { body: 'held by a dead consumer' });
      await receiveOne(queueArn);
      const receiving = sqs.receiveMessages(queueArn, { maxNumberOfMessages: 1, waitTimeSeconds: 20 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sqs.waitingReceives(queueArn)).toBe(1);
      sqs.endVisibilityTimeouts(queueArn);
      const [message] = await receiving;
      expect(message?.body).toBe('held by a dead consumer');
    });

    it('stops waiting when its signal aborts or the service closes', async () => {
      const { queueArn } = sqs.createQueue('q');
      const controller = new AbortController();
      const aborted = sqs.receiveMessages(queueArn, { waitTimeSeconds: 20, signal: controller.signal });
      const closed = sqs.receiveMessages(queueArn, { waitTimeSeconds: 20 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      expect(await aborted).toEqual([]);
      sqs.close();
      expect(await closed).toEqual([]);
    });
  });
});

describe('SQS service long polling on the real clock', () => {
  it('wakes a waiting receive when an in-flight message times out', async () => {
    const dir = createTempDir();
    const sqs = createSqsService({ dataDir: dir.path, edgeUrl: EDGE_URL, region: REGION, accountId: ACCOUNT_ID });
    try {
      const { queueArn } = sqs.createQueue('q', { VisibilityTimeout: '1' });
      sqs.sendMessage(queueArn, { body: 'x' });
      await sqs.receiveMessages(queueArn, { waitTimeSeconds: 0 });
      const started = performance.now();
      const [again] = await sqs.receiveMessages(queueArn, { waitTimeSeconds: 20 });
      expect(again?.attributes.ApproximateReceiveCount).toBe('2');
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      sqs.close();
      dir.remove();
    }
  });
});

/** The few operations the internal API does not expose, reached through the JSON protocol. */
function sqsApi(sqs: SqsService) {
  const call = async (operation: string, input: Record<string, unknown>) => {
    const response = await sqs.edge.handle({
      method: 'POST',
      path: '/',
      query: new URLSearchParams(),
      headers: { 'x-amz-target': `AmazonSQS.${operation}`, 'content-type': 'application/x-amz-json-1.0' },
      body: Buffer.from(JSON.stringify(input)),
    });
    const body = JSON.parse(response.body.toString()) as { __type?: string; message?: string };
    if (response.status !== 200) {
      // SDKs read the error's name after the namespace (`com.amazonaws.sqs#...`).
      throw new AwsError((body.__type ?? 'Unknown').split('#').pop() ?? '', body.message ?? '', {
        statusCode: response.status,
      });
    }
    return body;
  };
  return {
    purge: (queueUrl: string) => call('PurgeQueue', { QueueUrl: queueUrl }),
    setAttributes: (queueUrl: string, attributes: Record<string, string>) =>
      call('SetQueueAttributes', { QueueUrl: queueUrl, Attributes: attributes }),
    deleteQueue: (queueUrl: string) => call('DeleteQueue', { QueueUrl: queueUrl }),
  };
}
