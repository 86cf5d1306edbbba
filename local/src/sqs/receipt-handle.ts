import { randomBytes } from 'node:crypto';

/**
 * Receipt handles: opaque to callers, new on every receive. The handle names the queue and the
 * message so a stale handle (superseded by a later receive) can be told apart from a malformed
 * one: AWS rejects malformed handles with `ReceiptHandleIsInvalid`, while a stale one "succeeds,
 * but the message might not be deleted".
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html
 */
export interface ReceiptHandleParts {
  readonly queueName: string;
  readonly messageId: string;
}

const SEPARATOR = '\n';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createReceiptHandle(queueName: string, messageId: string): string {
  const nonce = randomBytes(48).toString('base64url');
  return Buffer.from([queueName, messageId, nonce].join(SEPARATOR), 'utf8').toString('base64');
}

/** The queue and message a handle refers to, or undefined when it is not one of ours. */
export function parseReceiptHandle(handle: string): ReceiptHandleParts | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(SEPARATOR);
  const [queueName, messageId, nonce] = parts;
  if (parts.length !== 3 || !queueName || !messageId || !nonce || !UUID.test(messageId)) return undefined;
  return { queueName, messageId };
}
