import type { RuleSpec } from '@shop/topology/topology';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqsService, type SqsService } from '../sqs/index.ts';
import { createTempDir } from '../sqs/test-support.ts';
import { EventBus } from './event-bus.ts';

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';

describe('EventBridge delivering to a FIFO queue', () => {
  let dir: ReturnType<typeof createTempDir>;
  let sqs: SqsService;

  beforeEach(() => {
    dir = createTempDir();
    sqs = createSqsService({ dataDir: dir.path, edgeUrl: 'http://127.0.0.1:4566', region: REGION, accountId: ACCOUNT });
  });

  afterEach(() => {
    sqs.close();
    dir.remove();
  });

  it("puts each matched event in the rule's message group, in order, deduplicated by content", async () => {
    const { queueArn } = sqs.createQueue('audit.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const rule: RuleSpec = {
      stackName: 'test',
      logicalId: 'ToFifo',
      name: 'to-fifo',
      arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/to-fifo`,
      busName: 'default',
      eventPattern: { source: ['shop.test'] },
      scheduleExpression: undefined,
      enabled: true,
      targets: [
        {
          id: 'fifo',
          arn: queueArn,
          input: undefined,
          inputPath: '$.detail',
          inputTransformer: undefined,
          retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
          deadLetterArn: undefined,
          sqsParameters: { messageGroupId: 'orders' },
        },
      ],
    };
    const bus = new EventBus({
      region: REGION,
      accountId: ACCOUNT,
      buses: [],
      rules: [rule],
      targets: {
        sendToQueue: async (arn, body, options) => {
          sqs.sendMessage(arn, {
            body,
            ...(options?.messageGroupId ? { messageGroupId: options.messageGroupId } : {}),
          });
        },
        invokeFunctionAsync: async () => {},
        writeToLogGroup: async () => {},
        startExecution: async () => {},
      },
    });

    for (const n of [1, 2, 2, 3]) {
      bus.putEvents([{ Source: 'shop.test', DetailType: 'Step', Detail: JSON.stringify({ n }) }]);
    }
    await bus.drain();

    const messages = await sqs.receiveMessages(queueArn, { maxNumberOfMessages: 10, waitTimeSeconds: 0 });
    expect(messages.map((message) => [message.body, message.attributes.MessageGroupId])).toEqual([
      ['{"n":1}', 'orders'],
      ['{"n":2}', 'orders'],
      ['{"n":3}', 'orders'],
    ]);
  });
});
