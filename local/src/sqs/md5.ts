import { createHash } from 'node:crypto';

/** The value of one message attribute in its binary-safe form (as stored and digested). */
export interface AttributeValueForDigest {
  readonly DataType: string;
  readonly StringValue?: string | undefined;
  readonly BinaryValue?: Uint8Array | undefined;
}

/** `MD5OfMessageBody` / `MD5OfBody`: the hex MD5 of the body's UTF-8 bytes (SDK v3 verifies it). */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

/**
 * `MD5OfMessageAttributes` (and `MD5OfMessageSystemAttributes`) exactly as SQS computes it:
 * attributes sorted by name; for each, the 4-byte big-endian length + UTF-8 bytes of the name,
 * the same for the full data type (custom suffix included), one transport byte (1 for
 * String/Number, 2 for Binary), then the length-prefixed value. `undefined` when there are none,
 * because SQS then omits the field.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
export function md5OfMessageAttributes(
  attributes: Readonly<Record<string, AttributeValueForDigest>> | undefined,
): string | undefined {
  const names = Object.keys(attributes ?? {}).sort();
  if (!attributes || names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name];
    if (!value) continue;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    if (value.DataType.startsWith('Binary')) {
      hash.update(Uint8Array.of(BINARY_TRANSPORT));
      hash.update(lengthPrefixed(value.BinaryValue ?? new Uint8Array()));
    } else {
      hash.update(Uint8Array.of(STRING_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(bytes.byteLength, 0);
  return Buffer.concat([prefix, bytes]);
}
