import { randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../edge/aws-error.ts';
import { firstHeader, readQueryParameters } from '../edge/query-parameters.ts';
import type { EdgeRequest, EdgeResponse } from '../edge/types.ts';
import { invalidAction } from './errors.ts';
import type { SqsOperations } from './operations.ts';

/**
 * The AWS query protocol for SQS (API version 2012-11-05): form parameters in (`Action=...`,
 * lists as `Name.N`, maps as `Name.N.Name/Value`), XML out in AWS's element names, errors as
 * `<ErrorResponse>`. Older clients still speak it, notably Debian's AWS CLI 2.9.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
 */
export const SQS_API_VERSION = '2012-11-05';
const XML_NAMESPACE = `http://queue.amazonaws.com/doc/${SQS_API_VERSION}/`;

type Params = ReadonlyMap<string, string>;
type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/**
 * Whether a request is an SQS query-protocol call: an `Action` plus SQS's API version, or a
 * SigV4 credential scoped to `sqs`. Other query-protocol services on the same edge (CloudWatch,
 * SES) carry other versions and scopes.
 */
export function isSqsQueryRequest(request: EdgeRequest): boolean {
  if (firstHeader(request, 'x-amz-target')) return false;
  const params = readQueryParameters(request);
  if (!params.get('Action')) return false;
  if (params.get('Version') === SQS_API_VERSION) return true;
  return /Credential=[^/,\s]+\/[^/]+\/[^/]+\/sqs\/aws4_request/.test(firstHeader(request, 'authorization') ?? '');
}

export async function handleQueryRequest(
  request: EdgeRequest,
  operations: SqsOperations,
  edgeUrl: string,
): Promise<EdgeResponse> {
  const requestId = randomUUID();
  const params = readQueryParameters(request);
  const action = params.get('Action') ?? '';
  try {
    const operation = operations[action];
    const toInput = INPUTS[action];
    if (!operation || !toInput) throw invalidAction(action);
    const input = toInput(params);
    if (input.QueueUrl === undefined && /^\/[^/]+\/[^/]+\/?$/.test(request.path)) {
      input.QueueUrl = `${edgeUrl.replace(/\/+$/, '')}${request.path.replace(/\/$/, '')}`;
    }
    const output = ((await operation(input)) ?? {}) as Output;
    return xmlResponse(200, requestId, renderResponse(action, output, requestId));
  } catch (error) {
    const awsError = isAwsError(error)
      ? error
      : new AwsError('InternalError', error instanceof Error ? error.message : String(error), { statusCode: 500 });
    return xmlResponse(awsError.statusCode, requestId, renderError(awsError, requestId));
  }
}

const INPUTS: Readonly<Record<string, (params: Params) => Input>> = {
  CreateQueue: (p) => ({
    QueueName: p.get('QueueName'),
    Attributes: nameValueMap(p, 'Attribute'),
    tags: keyValueMap(p, 'Tag'),
  }),
  GetQueueUrl: (p) => ({ QueueName: p.get('QueueName'), QueueOwnerAWSAccountId: p.get('QueueOwnerAWSAccountId') }),
  ListQueues: (p) => ({
    QueueNamePrefix: p.get('QueueNamePrefix'),
    NextToken: p.get('NextToken'),
    MaxResults: integer(p.get('MaxResults')),
  }),
  DeleteQueue: queueOnly,
  PurgeQueue: queueOnly,
  ListQueueTags: queueOnly,
  GetQueueAttributes: (p) => ({ QueueUrl: p.get('QueueUrl'), AttributeNames: indexedValues(p, 'AttributeName') }),
  SetQueueAttributes: (p) => ({ QueueUrl: p.get('QueueUrl'), Attributes: nameValueMap(p, 'Attribute') }),
  SendMessage: (p) => ({ QueueUrl: p.get('QueueUrl'), ...sendMessageEntry(p) }),
  SendMessageBatch: (p) => ({
    QueueUrl: p.get('QueueUrl'),
    Entries: entries(p, 'SendMessageBatchRequestEntry', (entry) => ({
      Id: entry.get('Id'),
      ...sendMessageEntry(entry),
    })),
  }),
  ReceiveMessage: (p) => ({
    QueueUrl: p.get('QueueUrl'),
    AttributeNames: indexedValues(p, 'AttributeName'),
    MessageSystemAttributeNames: indexedValues(p, 'MessageSystemAttributeName'),
    MessageAttributeNames: indexedValues(p, 'MessageAttributeName'),
    MaxNumberOfMessages: integer(p.get('MaxNumberOfMessages')),
    VisibilityTimeout: integer(p.get('VisibilityTimeout')),
    WaitTimeSeconds: integer(p.get('WaitTimeSeconds')),
  }),
  DeleteMessage: (p) => ({ QueueUrl: p.get('QueueUrl'), ReceiptHandle: p.get('ReceiptHandle') }),
  DeleteMessageBatch: (p) => ({
    QueueUrl: p.get('QueueUrl'),
    Entries: entries(p, 'DeleteMessageBatchRequestEntry', (entry) => ({
      Id: entry.get('Id'),
      ReceiptHandle: entry.get('ReceiptHandle'),
    })),
  }),
  ChangeMessageVisibility: (p) => ({
    QueueUrl: p.get('QueueUrl'),
    ReceiptHandle: p.get('ReceiptHandle'),
    VisibilityTimeout: integer(p.get('VisibilityTimeout')),
  }),
  ChangeMessageVisibilityBatch: (p) => ({
    QueueUrl: p.get('QueueUrl'),
    Entries: entries(p, 'ChangeMessageVisibilityBatchRequestEntry', (entry) => ({
      Id: entry.get('Id'),
      ReceiptHandle: entry.get('ReceiptHandle'),
      VisibilityTimeout: integer(entry.get('VisibilityTimeout')),
    })),
  }),
  ListDeadLetterSourceQueues: (p) => ({
    QueueUrl: p.get('QueueUrl'),
    NextToken: p.get('NextToken'),
    MaxResults: integer(p.get('MaxResults')),
  }),
  TagQueue: (p) => ({ QueueUrl: p.get('QueueUrl'), Tags: keyValueMap(p, 'Tag') }),
  UntagQueue: (p) => ({ QueueUrl: p.get('QueueUrl'), TagKeys: indexedValues(p, 'TagKey') }),
  AddPermission: queueOnly,
  RemovePermission: queueOnly,
  StartMessageMoveTask: (p) => ({
    SourceArn: p.get('SourceArn'),
    DestinationArn: p.get('DestinationArn'),
    MaxNumberOfMessagesPerSecond: integer(p.get('MaxNumberOfMessagesPerSecond')),
  }),
  CancelMessageMoveTask: (p) => ({ TaskHandle: p.get('TaskHandle') }),
  ListMessageMoveTasks: (p) => ({ SourceArn: p.get('SourceArn'), MaxResults: integer(p.get('MaxResults')) }),
};

function queueOnly(p: Params): Input {
  return { QueueUrl: p.get('QueueUrl') };
}

function sendMessageEntry(p: Params): Input {
  return {
    MessageBody: p.get('MessageBody'),
    DelaySeconds: integer(p.get('DelaySeconds')),
    MessageAttributes: messageAttributeMap(p, 'MessageAttribute'),
    MessageSystemAttributes: messageAttributeMap(p, 'MessageSystemAttribute'),
    MessageDeduplicationId: p.get('MessageDeduplicationId'),
    MessageGroupId: p.get('MessageGroupId'),
  };
}

/** Numbers stay numbers when they look like integers; anything else reaches validation as is. */
function integer(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** `Prefix.N.rest=value` grouped by N (in N order), each group keyed by `rest`. */
function indexedGroups(p: Params, prefix: string): Map<string, string>[] {
  const groups = new Map<number, Map<string, string>>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [key, value] of p) {
    const match = pattern.exec(key);
    if (!match?.[1] || !match[2]) continue;
    const index = Number(match[1]);
    let group = groups.get(index);
    if (!group) {
      group = new Map();
      groups.set(index, group);
    }
    group.set(match[2], value);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** `Prefix.N=value` in N order, or undefined when there is none. */
function indexedValues(p: Params, prefix: string): string[] | undefined {
  const values: [number, string][] = [];
  const pattern = new RegExp(`^${prefix}\\.(\\d+)$`);
  for (const [key, value] of p) {
    const match = pattern.exec(key);
    if (match?.[1]) values.push([Number(match[1]), value]);
  }
  return values.length > 0 ? values.sort(([a], [b]) => a - b).map(([, value]) => value) : undefined;
}

function nameValueMap(p: Params, prefix: string): Record<string, string> | undefined {
  return pairMap(p, prefix, 'Name', 'Value');
}

function keyValueMap(p: Params, prefix: string): Record<string, string> | undefined {
  return pairMap(p, prefix, 'Key', 'Value');
}

function pairMap(p: Params, prefix: string, keyName: string, valueName: string): Record<string, string> | undefined {
  const groups = indexedGroups(p, prefix);
  if (groups.length === 0) return undefined;
  const map: Record<string, string> = {};
  for (const group of groups) {
    const key = group.get(keyName);
    if (key !== undefined) map[key] = group.get(valueName) ?? '';
  }
  return map;
}

function messageAttributeMap(p: Params, prefix: string): Record<string, Input> | undefined {
  const groups = indexedGroups(p, prefix);
  if (groups.length === 0) return undefined;
  const map: Record<string, Input> = {};
  for (const group of groups) {
    const name = group.get('Name');
    if (name === undefined) continue;
    const value: Input = { DataType: group.get('Value.DataType') };
    const stringValue = group.get('Value.StringValue');
    const binaryValue = group.get('Value.BinaryValue');
    if (stringValue !== undefined) value.StringValue = stringValue;
    if (binaryValue !== undefined) value.BinaryValue = binaryValue;
    const stringList = indexedValues(group, 'Value.StringListValue');
    const binaryList = indexedValues(group, 'Value.BinaryListValue');
    if (stringList) value.StringListValues = stringList;
    if (binaryList) value.BinaryListValues = binaryList;
    map[name] = value;
  }
  return map;
}

function entries(p: Params, prefix: string, toEntry: (entry: Params) => Input): Input[] | undefined {
  const groups = indexedGroups(p, prefix);
  return groups.length > 0 ? groups.map(toEntry) : undefined;
}

/* ---------------------------------------------------------------- XML out */

type Renderer = (output: Output) => string;

const RESULTS: Readonly<Record<string, Renderer>> = {
  CreateQueue: (o) => element('QueueUrl', o.QueueUrl),
  GetQueueUrl: (o) => element('QueueUrl', o.QueueUrl),
  ListQueues: (o) =>
    list(o.QueueUrls)
      .map((url) => element('QueueUrl', url))
      .join('') + element('NextToken', o.NextToken),
  GetQueueAttributes: (o) => nameValueElements('Attribute', o.Attributes),
  SendMessage: (o) =>
    element('MD5OfMessageBody', o.MD5OfMessageBody) +
    element('MD5OfMessageAttributes', o.MD5OfMessageAttributes) +
    element('MD5OfMessageSystemAttributes', o.MD5OfMessageSystemAttributes) +
    element('MessageId', o.MessageId) +
    element('SequenceNumber', o.SequenceNumber),
  SendMessageBatch: (o) =>
    records(o.Successful)
      .map((entry) =>
        wrap(
          'SendMessageBatchResultEntry',
          element('Id', entry.Id) +
            element('MessageId', entry.MessageId) +
            element('MD5OfMessageBody', entry.MD5OfMessageBody) +
            element('MD5OfMessageAttributes', entry.MD5OfMessageAttributes) +
            element('MD5OfMessageSystemAttributes', entry.MD5OfMessageSystemAttributes) +
            element('SequenceNumber', entry.SequenceNumber),
        ),
      )
      .join('') + failedEntries(o.Failed),
  ReceiveMessage: (o) => records(o.Messages).map(messageElement).join(''),
  DeleteMessageBatch: (o) => idEntries('DeleteMessageBatchResultEntry', o.Successful) + failedEntries(o.Failed),
  ChangeMessageVisibilityBatch: (o) =>
    idEntries('ChangeMessageVisibilityBatchResultEntry', o.Successful) + failedEntries(o.Failed),
  ListDeadLetterSourceQueues: (o) =>
    list(o.queueUrls)
      .map((url) => element('QueueUrl', url))
      .join('') + element('NextToken', o.NextToken),
  StartMessageMoveTask: (o) => element('TaskHandle', o.TaskHandle),
  CancelMessageMoveTask: (o) => element('ApproximateNumberOfMessagesMoved', o.ApproximateNumberOfMessagesMoved),
  ListMessageMoveTasks: (o) =>
    records(o.Results)
      .map((entry) =>
        wrap(
          // A flattened list without a member name: each entry is an element named after the member.
          'Results',
          [
            'TaskHandle',
            'Status',
            'SourceArn',
            'DestinationArn',
            'MaxNumberOfMessagesPerSecond',
            'ApproximateNumberOfMessagesMoved',
            'ApproximateNumberOfMessagesToMove',
            'FailureReason',
            'StartedTimestamp',
          ]
            .map((name) => element(name, entry[name]))
            .join(''),
        ),
      )
      .join(''),
  ListQueueTags: (o) =>
    Object.entries(record(o.Tags))
      .map(([key, value]) => wrap('Tag', element('Key', key) + element('Value', value)))
      .join(''),
};

function renderResponse(action: string, output: Output, requestId: string): string {
  const render = RESULTS[action];
  const result = render ? wrap(`${action}Result`, render(output)) : '';
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function renderError(error: AwsError, requestId: string): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${XML_NAMESPACE}"><Error>` +
    `<Type>${error.fault}</Type>${element('Code', error.queryCode ?? error.code)}${element('Message', error.message)}` +
    `<Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function messageElement(message: Output): string {
  const messageAttributes = Object.entries(record(message.MessageAttributes)).map(([name, raw]) => {
    const value = record(raw);
    return wrap(
      'MessageAttribute',
      element('Name', name) +
        wrap(
          'Value',
          element('StringValue', value.StringValue) +
            element('BinaryValue', value.BinaryValue) +
            element('DataType', value.DataType),
        ),
    );
  });
  return wrap(
    'Message',
    element('MessageId', message.MessageId) +
      element('ReceiptHandle', message.ReceiptHandle) +
      element('MD5OfBody', message.MD5OfBody) +
      element('Body', message.Body) +
      nameValueElements('Attribute', message.Attributes) +
      element('MD5OfMessageAttributes', message.MD5OfMessageAttributes) +
      messageAttributes.join(''),
  );
}

function failedEntries(failed: unknown): string {
  return records(failed)
    .map((entry) =>
      wrap(
        'BatchResultErrorEntry',
        element('Id', entry.Id) +
          element('SenderFault', entry.SenderFault) +
          element('Code', entry.Code) +
          element('Message', entry.Message),
      ),
    )
    .join('');
}

function idEntries(name: string, successful: unknown): string {
  return records(successful)
    .map((entry) => wrap(name, element('Id', entry.Id)))
    .join('');
}

function nameValueElements(name: string, map: unknown): string {
  return Object.entries(record(map))
    .map(([key, value]) => wrap(name, element('Name', key) + element('Value', value)))
    .join('');
}

/** `<name>text</name>`, or nothing for an absent value (AWS omits absent members). */
function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function wrap(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** XML text escaping; `\r` as a character reference so XML parsers do not normalise it away. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (character) => XML_ESCAPES[character] ?? character);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

function xmlResponse(status: number, requestId: string, body: string): EdgeResponse {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

function record(value: unknown): Output {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Output) : {};
}

function records(value: unknown): Output[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
