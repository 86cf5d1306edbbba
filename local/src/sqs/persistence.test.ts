import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqsService } from './index.ts';
import { ACCOUNT_ID, createTempDir, REGION } from './test-support.ts';

const EDGE_URL = 'http://localhost:4566';
const CHILD = fileURLToPath(new URL('./fixtures/send-then-hang.ts', import.meta.url));

const openService = (dataDir: string, clock?: () => number) =>
  createSqsService({ dataDir, edgeUrl: EDGE_URL, region: REGION, accountId: ACCOUNT_ID, ...(clock ? { clock } : {}) });

describe('SQS persistence', () => {
  let dir: ReturnType<typeof createTempDir>;

  beforeEach(() => {
    dir = createTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('keeps queues, attributes, tags and messages across a restart', async () => {
    const first = openService(dir.path);
    const dlq = first.createQueue('dlq');
    const { queueArn } = first.createQueue(
      'q',
      { DelaySeconds: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 4 }) },
      { team: 'payments' },
    );
    const sent = first.sendMessage(queueArn, { body: 'persisted' });
    first.close();

    const second = openService(dir.path);
    try {
      expect(second.listQueueArns()).toEqual([dlq.queueArn, queueArn]);
      expect(JSON.parse(second.getQueueAttributes(queueArn).RedrivePolicy ?? '{}')).toEqual({
        deadLetterTargetArn: dlq.queueArn,
        maxReceiveCount: 4,
      });
      const [message] = await second.receiveMessages(queueArn, { maxNumberOfMessages: 1, waitTimeSeconds: 0 });
      expect(message).toMatchObject({ messageId: sent.messageId, body: 'persisted' });
    } finally {
      second.close();
    }
  });

  it('loses no accepted message when the process is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const reported = new Promise<{ inFlight: string; waiting: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n'))
          resolve(JSON.parse(stdout.split('\n')[0] ?? '') as { inFlight: string; waiting: string });
      });
      child.on('exit', () => reject(new Error(`child exited before reporting: ${stderr}`)));
    });
    const ids = await reported;
    child.kill('SIGKILL');
    await once(child, 'exit');

    const restarted = openService(dir.path);
    try {
      const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:durable`;
      expect(restarted.queueStats(queueArn)).toMatchObject({ visible: 1, inFlight: 1 });
      const [waiting] = await restarted.receiveMessages(queueArn, { maxNumberOfMessages: 10, waitTimeSeconds: 0 });
      expect(waiting).toMatchObject({ messageId: ids.waiting, body: 'sent just before the crash' });
      expect(waiting?.messageAttributes.kind?.StringValue).toBe('durable');
    } finally {
      restarted.close();
    }

    const afterTimeout = openService(dir.path, () => Date.now() + 31_000);
    try {
      const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:durable`;
      const [inFlight] = await afterTimeout.receiveMessages(queueArn, { maxNumberOfMessages: 1, waitTimeSeconds: 0 });
      expect(inFlight).toMatchObject({ messageId: ids.inFlight, body: 'taken before the crash' });
      expect(inFlight?.attributes.ApproximateReceiveCount).toBe('2');
    } finally {
      afterTimeout.close();
    }
  });
});
