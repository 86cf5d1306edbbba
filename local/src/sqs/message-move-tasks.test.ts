import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, createTempDir, type HttpEdge, REGION, startHttpEdge } from './test-support.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const arnOf = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;

/** The name of the error a command failed with, and its message. */
async function failureOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return { name: error.name, message: error.message };
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('SQS message movement tasks (DLQ redrive) with the real SDK v3 client', () => {
  let dir: ReturnType<typeof createTempDir>;
  let edge: HttpEdge;
  let sqs: SQSClient;

  beforeAll(async () => {
    dir = createTempDir();
    edge = await startHttpEdge(dir.path);
    sqs = new SQSClient({ endpoint: edge.url, region: REGION, credentials });
  });

  afterAll(async () => {
    sqs.destroy();
    await edge.close();
    dir.remove();
  });

  /** A source queue that dead-letters a message on its second receive, and its DLQ. */
  async function createPair(name: string) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const source = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(`${name}-dlq`), maxReceiveCount: 1 }),
        },
      }),
    );
    return { sourceUrl: source.QueueUrl ?? '', dlqUrl: dlq.QueueUrl ?? '' };
  }

  /** Sends bodies to the source and fails each once, so that the next receive parks them in the DLQ. */
  async function deadLetter(sourceUrl: string, bodies: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const body of bodies) {
      ids.push((await sqs.send(new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: body }))).MessageId ?? '');
    }
    const first = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    expect(first.Messages).toHaveLength(bodies.length);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10 }));
    expect(second.Messages).toBeUndefined();
    return ids;
  }

  const depth = async (queueUrl: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages);
  };

  /** Watches the source's latest task until it leaves RUNNING (the task moves on its own timer). */
  async function settled(sourceArn: string): Promise<ListMessageMoveTasksResultEntry> {
    for (;;) {
      const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn }));
      const [latest] = Results ?? [];
      if (latest && latest.Status !== 'RUNNING') return latest;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('moves every dead-lettered message back to the queue it came from, as a fresh message', async () => {
    const { sourceUrl, dlqUrl } = await createPair('redrive-home');
    const ids = await deadLetter(sourceUrl, ['one', 'two', 'three']);
    expect(await depth(dlqUrl)).toBe(3);

    const started = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('redrive-home-dlq') }));
    expect(started.TaskHandle).toEqual(expect.any(String));
    // Sent after the task started: not part of it, and it has no source to go back to.
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'late' }));

    const task = await settled(arnOf('redrive-home-dlq'));
    expect(task).toEqual({
      Status: 'COMPLETED',
      SourceArn: arnOf('redrive-home-dlq'),
      ApproximateNumberOfMessagesMoved: 3,
      ApproximateNumberOfMessagesToMove: 3,
      StartedTimestamp: expect.any(Number),
    });
    expect(Math.abs(Number(task.StartedTimestamp) - Date.now())).toBeLessThan(60_000);
    const back = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    expect(back.Messages?.map((message) => message.Body).sort()).toEqual(['one', 'three', 'two']);
    expect(back.Messages?.map((message) => message.MessageId).sort()).toEqual([...ids].sort());
    for (const message of back.Messages ?? []) {
      expect(message.Attributes?.ApproximateReceiveCount).toBe('1');
      expect(message.Attributes?.DeadLetterQueueSourceArn).toBeUndefined();
    }
    expect(await depth(dlqUrl)).toBe(1);
  });

  it('moves to a chosen destination at the rate asked, and cancels with the messages moved so far kept', async () => {
    const { sourceUrl, dlqUrl } = await createPair('redrive-slow');
    await deadLetter(sourceUrl, ['a', 'b', 'c', 'd', 'e']);
    const elsewhere = (await sqs.send(new CreateQueueCommand({ QueueName: 'redrive-elsewhere' }))).QueueUrl ?? '';

    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: arnOf('redrive-slow-dlq'),
        DestinationArn: arnOf('redrive-elsewhere'),
        MaxNumberOfMessagesPerSecond: 1,
      }),
    );
    const [running] =
      (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-slow-dlq'), MaxResults: 10 })))
        .Results ?? [];
    expect(running).toMatchObject({
      TaskHandle,
      Status: 'RUNNING',
      DestinationArn: arnOf('redrive-elsewhere'),
      MaxNumberOfMessagesPerSecond: 1,
      ApproximateNumberOfMessagesToMove: 5,
    });
    expect(
      await failureOf(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('redrive-slow-dlq') }))),
    ).toEqual({
      name: 'UnsupportedOperation',
      message:
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
    });

    const { ApproximateNumberOfMessagesMoved: moved } = await sqs.send(
      new CancelMessageMoveTaskCommand({ TaskHandle }),
    );
    expect(moved).toBeLessThan(5);
    expect(await depth(elsewhere)).toBe(moved);
    expect(await depth(dlqUrl)).toBe(5 - Number(moved));
    const [cancelled] =
      (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-slow-dlq') }))).Results ?? [];
    expect(cancelled?.Status).toBe('CANCELLED');
    expect(cancelled?.TaskHandle).toBeUndefined();
    expect((await failureOf(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })))).name).toBe(
      'UnsupportedOperation',
    );
  });

  it('fails a task whose messages have no source to return to', async () => {
    const { dlqUrl } = await createPair('redrive-orphan');
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'sent straight to the DLQ' }));
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('redrive-orphan-dlq') }));
    expect(await settled(arnOf('redrive-orphan-dlq'))).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'CouldNotDetermineMessageSource',
      ApproximateNumberOfMessagesMoved: 0,
    });
    expect(await depth(dlqUrl)).toBe(1);
  });

  it('refuses what AWS refuses', async () => {
    await createPair('redrive-refusals');
    expect(
      await failureOf(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('redrive-refusals') }))),
    ).toEqual({ name: 'InvalidParameterValue', message: 'Source queue must be configured as a Dead Letter Queue.' });
    expect((await failureOf(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('nowhere') })))).name).toBe(
      'ResourceNotFoundException',
    );
    expect(
      (
        await failureOf(
          sqs.send(
            new StartMessageMoveTaskCommand({
              SourceArn: arnOf('redrive-refusals-dlq'),
              MaxNumberOfMessagesPerSecond: 501,
            }),
          ),
        )
      ).name,
    ).toBe('InvalidParameterValue');
    expect(
      (
        await failureOf(
          sqs.send(
            new StartMessageMoveTaskCommand({
              SourceArn: arnOf('redrive-refusals-dlq'),
              DestinationArn: arnOf('nowhere'),
            }),
          ),
        )
      ).name,
    ).toBe('ResourceNotFoundException');
    expect(
      (
        await failureOf(
          sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-refusals-dlq'), MaxResults: 11 })),
        )
      ).name,
    ).toBe('InvalidParameterValue');
    expect((await failureOf(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'not-a-handle' })))).name).toBe(
      'ResourceNotFoundException',
    );
    expect(
      await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-refusals-dlq') })),
    ).not.toHaveProperty('Results');
  });
});

describe('a message movement task across a restart', () => {
  it('resumes where it was and completes', async () => {
    const dir = createTempDir();
    try {
      let edge = await startHttpEdge(dir.path);
      let sqs = new SQSClient({ endpoint: edge.url, region: REGION, credentials });
      await sqs.send(new CreateQueueCommand({ QueueName: 'resume-dlq' }));
      const source = await sqs.send(
        new CreateQueueCommand({
          QueueName: 'resume',
          Attributes: {
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('resume-dlq'), maxReceiveCount: 1 }),
          },
        }),
      );
      for (const body of ['x', 'y', 'z']) {
        await sqs.send(new SendMessageCommand({ QueueUrl: source.QueueUrl, MessageBody: body }));
      }
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: source.QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      );
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.QueueUrl, MaxNumberOfMessages: 10 }));
      await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: arnOf('resume-dlq'), MaxNumberOfMessagesPerSecond: 5 }),
      );
      sqs.destroy();
      await edge.close();

      edge = await startHttpEdge(dir.path);
      sqs = new SQSClient({ endpoint: edge.url, region: REGION, credentials });
      for (;;) {
        const [task] =
          (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('resume-dlq') }))).Results ?? [];
        if (task?.Status !== 'RUNNING') {
          expect(task).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3 });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: source.QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      expect(Attributes?.ApproximateNumberOfMessages).toBe('3');
      sqs.destroy();
      await edge.close();
    } finally {
      dir.remove();
    }
  });
});
