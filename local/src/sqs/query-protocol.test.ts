import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5OfBody } from './md5.ts';
import { ACCOUNT_ID, createTempDir, type HttpEdge, startHttpEdge } from './test-support.ts';

const NAMESPACE = 'xmlns="http://queue.amazonaws.com/doc/2012-11-05/"';

describe('SQS over the query protocol (form in, XML out)', () => {
  let dir: ReturnType<typeof createTempDir>;
  let edge: HttpEdge;

  beforeAll(async () => {
    dir = createTempDir();
    edge = await startHttpEdge(dir.path);
  });

  afterAll(async () => {
    await edge.close();
    dir.remove();
  });

  const call = async (params: Record<string, string>, path = '/') => {
    const response = await fetch(`${edge.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), xml: await response.text() };
  };

  it('creates a queue and answers in the CreateQueueResponse shape', async () => {
    const { status, contentType, xml } = await call({
      Action: 'CreateQueue',
      QueueName: 'cli-queue',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '40',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'payments',
    });
    expect(status).toBe(200);
    expect(contentType).toBe('text/xml');
    expect(xml).toMatch(
      new RegExp(
        `^<\\?xml version="1.0"\\?><CreateQueueResponse ${NAMESPACE}><CreateQueueResult><QueueUrl>${edge.url}/${ACCOUNT_ID}/cli-queue</QueueUrl></CreateQueueResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></CreateQueueResponse>$`,
      ),
    );
    const attributes = await call({
      Action: 'GetQueueAttributes',
      QueueUrl: `${edge.url}/${ACCOUNT_ID}/cli-queue`,
      'AttributeName.1': 'VisibilityTimeout',
    });
    expect(attributes.xml).toContain(
      '<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute></GetQueueAttributesResult>',
    );
    const tags = await call({ Action: 'ListQueueTags' }, `/${ACCOUNT_ID}/cli-queue`);
    expect(tags.xml).toContain(
      '<ListQueueTagsResult><Tag><Key>team</Key><Value>payments</Value></Tag></ListQueueTagsResult>',
    );
  });

  it('sends to a path-style queue URL and receives the message back as escaped XML', async () => {
    await call({ Action: 'CreateQueue', QueueName: 'cli-messages' });
    const body = 'a <b> & "c" \'d\'\r\nend';
    const sent = await call(
      {
        Action: 'SendMessage',
        MessageBody: body,
        'MessageAttribute.1.Name': 'attribName1',
        'MessageAttribute.1.Value.DataType': 'String',
        'MessageAttribute.1.Value.StringValue': 'attribValue 1',
      },
      `/${ACCOUNT_ID}/cli-messages`,
    );
    expect(sent.status).toBe(200);
    expect(sent.xml).toContain(
      `<SendMessageResult><MD5OfMessageBody>${md5OfBody(body)}</MD5OfMessageBody><MD5OfMessageAttributes>19e27d4e946b072f3f58da80d94fd778</MD5OfMessageAttributes><MessageId>`,
    );

    const received = await call({
      Action: 'ReceiveMessage',
      QueueUrl: `${edge.url}/${ACCOUNT_ID}/cli-messages`,
      'AttributeName.1': 'ApproximateReceiveCount',
      'MessageAttributeName.1': 'All',
    });
    expect(received.xml).toContain('<Body>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#xD;\nend</Body>');
    expect(received.xml).toContain('<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>');
    expect(received.xml).toContain(
      '<MD5OfMessageAttributes>19e27d4e946b072f3f58da80d94fd778</MD5OfMessageAttributes><MessageAttribute><Name>attribName1</Name><Value><StringValue>attribValue 1</StringValue><DataType>String</DataType></Value></MessageAttribute></Message></ReceiveMessageResult>',
    );
    const handle = /<ReceiptHandle>([^<]+)<\/ReceiptHandle>/.exec(received.xml)?.[1];
    const deleted = await call({ Action: 'DeleteMessage', ReceiptHandle: handle ?? '' }, `/${ACCOUNT_ID}/cli-messages`);
    expect(deleted.xml).toMatch(/^<\?xml version="1.0"\?><DeleteMessageResponse [^>]+><ResponseMetadata><RequestId>/);
    const empty = await call({ Action: 'ReceiveMessage' }, `/${ACCOUNT_ID}/cli-messages`);
    expect(empty.xml).toContain('<ReceiveMessageResult></ReceiveMessageResult>');
  });

  it('reports batch results as result entries and BatchResultErrorEntry', async () => {
    await call({ Action: 'CreateQueue', QueueName: 'cli-batch' });
    const { xml } = await call(
      {
        Action: 'SendMessageBatch',
        'SendMessageBatchRequestEntry.1.Id': 'good',
        'SendMessageBatchRequestEntry.1.MessageBody': 'hello',
        'SendMessageBatchRequestEntry.2.Id': 'late',
        'SendMessageBatchRequestEntry.2.MessageBody': 'too late',
        'SendMessageBatchRequestEntry.2.DelaySeconds': '901',
      },
      `/${ACCOUNT_ID}/cli-batch`,
    );
    expect(xml).toMatch(
      new RegExp(
        `<SendMessageBatchResult><SendMessageBatchResultEntry><Id>good</Id><MessageId>[0-9a-f-]{36}</MessageId><MD5OfMessageBody>${md5OfBody('hello')}</MD5OfMessageBody></SendMessageBatchResultEntry><BatchResultErrorEntry><Id>late</Id><SenderFault>true</SenderFault><Code>InvalidParameterValue</Code><Message>[^<]+</Message></BatchResultErrorEntry></SendMessageBatchResult>`,
      ),
    );
  });

  it('answers errors as an ErrorResponse with the query error code', async () => {
    const { status, xml } = await call({ Action: 'GetQueueUrl', QueueName: 'missing' });
    expect(status).toBe(400);
    expect(xml).toMatch(
      new RegExp(
        `^<\\?xml version="1.0"\\?><ErrorResponse ${NAMESPACE}><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message><Detail/></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`,
      ),
    );
    const unknown = await call({ Action: 'FlyToTheMoon' });
    expect(unknown.status).toBe(400);
    expect(unknown.xml).toContain('<Code>InvalidAction</Code>');
    const batch = await call({ Action: 'DeleteMessageBatch' }, `/${ACCOUNT_ID}/cli-batch`);
    expect(batch.xml).toContain('<Code>AWS.SimpleQueueService.EmptyBatchRequest</Code>');
  });

  it('claims only SQS query requests, leaving other query services alone', async () => {
    const cloudWatch = await fetch(`${edge.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListMetrics&Version=2010-08-01',
    });
    expect(cloudWatch.status).toBe(404);
    const signedForSqs = await fetch(`${edge.url}/?Action=ListQueues`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=abc',
      },
    });
    expect(signedForSqs.status).toBe(200);
    expect(await signedForSqs.text()).toContain('<ListQueuesResult>');
  });

  it('redrives a dead-letter queue with StartMessageMoveTask and lists the task', async () => {
    const arn = (name: string) => `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:${name}`;
    await call({ Action: 'CreateQueue', QueueName: 'query-dlq' });
    await call({
      Action: 'CreateQueue',
      QueueName: 'query-source',
      'Attribute.1.Name': 'RedrivePolicy',
      'Attribute.1.Value': JSON.stringify({ deadLetterTargetArn: arn('query-dlq'), maxReceiveCount: 1 }),
    });
    const started = await call({ Action: 'StartMessageMoveTask', SourceArn: arn('query-dlq') });
    expect(started.xml).toMatch(
      /<StartMessageMoveTaskResult><TaskHandle>[A-Za-z0-9+/=]+<\/TaskHandle><\/StartMessageMoveTaskResult>/,
    );
    const listed = await call({ Action: 'ListMessageMoveTasks', SourceArn: arn('query-dlq') });
    expect(listed.xml).toMatch(
      new RegExp(
        `<ListMessageMoveTasksResult><Results>(<TaskHandle>[^<]+</TaskHandle>)?<Status>(RUNNING|COMPLETED)</Status><SourceArn>${arn('query-dlq')}</SourceArn><ApproximateNumberOfMessagesMoved>0</ApproximateNumberOfMessagesMoved><ApproximateNumberOfMessagesToMove>0</ApproximateNumberOfMessagesToMove><StartedTimestamp>\\d+</StartedTimestamp></Results></ListMessageMoveTasksResult>`,
      ),
    );
    const refused = await call({ Action: 'StartMessageMoveTask', SourceArn: arn('query-source') });
    expect(refused.status).toBe(400);
    expect(refused.xml).toContain('<Code>InvalidParameterValue</Code>');
  });
});
