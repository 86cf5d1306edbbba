import { invalidParameterValue } from './errors.ts';

/** One message attribute as SQS stores it: a data type and a string or binary value. */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array;
}

export type MessageAttributeMap = Readonly<Record<string, MessageAttributeValue>>;

/**
 * A message attribute as callers send it. `BinaryValue` is bytes (SDK) or base64 text (the JSON
 * wire and Step Functions parameters carry blobs as base64).
 */
export interface MessageAttributeInput {
  readonly DataType?: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array | string;
  readonly StringListValues?: readonly string[];
  readonly BinaryListValues?: readonly (Uint8Array | string)[];
}

/** The wire form of an attribute value: binary as base64. */
export interface WireMessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

const MAX_ATTRIBUTES = 10;
const MAX_NAME_LENGTH = 256;
const MAX_DATA_TYPE_LENGTH = 256;
const NAME_CHARACTERS = /^[A-Za-z0-9_.-]+$/;
/** The characters SQS accepts in bodies and string values (the XML 1.0 character set). */
const DISALLOWED_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NUMBER_FORMAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SYSTEM_ATTRIBUTE_NAMES = new Set(['AWSTraceHeader']);

/** The first character outside SQS's allowed set, as AWS reports it (`#x1`), or undefined. */
export function findDisallowedCharacter(text: string): string | undefined {
  const match = DISALLOWED_CHARACTER.exec(text);
  if (!match) return undefined;
  return `#x${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
}

/**
 * Validates message attributes the way SendMessage does (at most 10; names of letters, digits,
 * `_-.`, not starting with `AWS.`/`Amazon.`; data type `String`, `Number` or `Binary` with an
 * optional `.custom` suffix; a non-empty value of the matching kind; numbers parseable).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
export function parseMessageAttributes(input: unknown, kind: 'user' | 'system' = 'user'): MessageAttributeMap {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalidParameterValue(`The message ${kind} attributes must be a map of name to value.`);
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (kind === 'user' && entries.length > MAX_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const result: Record<string, MessageAttributeValue> = {};
  for (const [name, raw] of entries) {
    if (kind === 'system') {
      if (!SYSTEM_ATTRIBUTE_NAMES.has(name)) {
        throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
      }
    } else {
      validateAttributeName(name);
    }
    result[name] = parseAttributeValue(name, raw, kind);
  }
  if (kind === 'system' && result.AWSTraceHeader && result.AWSTraceHeader.DataType !== 'String') {
    throw invalidParameterValue("Message system attribute 'AWSTraceHeader' must be of type 'String'.");
  }
  return result;
}

function validateAttributeName(name: string): void {
  const reason = attributeNameProblem(name);
  if (reason) throw invalidParameterValue(`Message (user) attribute name '${name}' is invalid. ${reason}`);
}

function attributeNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return `It must be 1 to ${MAX_NAME_LENGTH} characters long.`;
  if (!NAME_CHARACTERS.test(name))
    return 'It can contain only A-Z, a-z, 0-9, underscore (_), hyphen (-) and period (.).';
  const lower = name.toLowerCase();
  if (lower.startsWith('aws.') || lower.startsWith('amazon.')) return "The prefixes 'AWS.' and 'Amazon.' are reserved.";
  if (name.startsWith('.') || name.endsWith('.')) return 'It cannot start or end with a period.';
  if (name.includes('..')) return 'It cannot contain successive periods.';
  return undefined;
}

function parseAttributeValue(name: string, raw: unknown, kind: 'user' | 'system'): MessageAttributeValue {
  if (typeof raw !== 'object' || raw === null) {
    throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  const value = raw as Record<string, unknown>;
  const dataType = value.DataType;
  if (typeof dataType !== 'string' || dataType.length === 0) {
    throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  const primitive = dataType.split('.', 1)[0];
  if (
    dataType.length > MAX_DATA_TYPE_LENGTH ||
    (primitive !== 'String' && primitive !== 'Number' && primitive !== 'Binary') ||
    (dataType.length > primitive.length && dataType[primitive.length] !== '.') ||
    dataType.endsWith('.')
  ) {
    throw invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (isNonEmptyList(value.StringListValues) || isNonEmptyList(value.BinaryListValues)) {
    throw invalidParameterValue('Message attribute list values in SendMessage operation are not supported.');
  }
  if (primitive === 'Binary') {
    const bytes = toBytes(value.BinaryValue);
    if (!bytes || bytes.byteLength === 0) {
      throw invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
      );
    }
    return { DataType: dataType, BinaryValue: bytes };
  }
  const text = value.StringValue;
  if (typeof text !== 'string' || text.length === 0) {
    throw invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
    );
  }
  const disallowed = findDisallowedCharacter(text);
  if (disallowed) {
    throw invalidParameterValue(
      `Invalid binary character '${disallowed}' was found in the message attribute '${name}'.`,
    );
  }
  if (primitive === 'Number' && !isSqsNumber(text)) {
    throw invalidParameterValue(`Can't cast the value of message (${kind}) attribute '${name}' to a number.`);
  }
  return { DataType: dataType, StringValue: text };
}

/** SQS numbers: up to 38 significant digits, between -10^128 and 10^126. */
function isSqsNumber(text: string): boolean {
  if (!NUMBER_FORMAT.test(text.trim())) return false;
  const mantissa = (text.trim().split(/[eE]/)[0] ?? '').replace(/[+\-.]/g, '').replace(/^0+/, '');
  if (mantissa.replace(/0+$/, '').length > 38) return false;
  const value = Number(text);
  return Number.isFinite(value) && value >= -1e128 && value <= 1e126;
}

function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  return undefined;
}

/** The bytes attributes add to a message's size: name, data type and value of each. */
export function messageAttributesSize(attributes: MessageAttributeMap): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size += value.BinaryValue ? value.BinaryValue.byteLength : Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return size;
}

/** The wire (and storage) form: binary values as base64. */
export function toWireAttributes(attributes: MessageAttributeMap): Record<string, WireMessageAttributeValue> {
  const wire: Record<string, WireMessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    wire[name] = value.BinaryValue
      ? { DataType: value.DataType, BinaryValue: Buffer.from(value.BinaryValue).toString('base64') }
      : { DataType: value.DataType, StringValue: value.StringValue ?? '' };
  }
  return wire;
}

export function fromWireAttributes(wire: Readonly<Record<string, WireMessageAttributeValue>>): MessageAttributeMap {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(wire)) {
    attributes[name] =
      value.BinaryValue !== undefined
        ? { DataType: value.DataType, BinaryValue: Buffer.from(value.BinaryValue, 'base64') }
        : { DataType: value.DataType, StringValue: value.StringValue ?? '' };
  }
  return attributes;
}

/**
 * The attributes a ReceiveMessage asked for with `MessageAttributeNames`: `All` or `.*` for
 * every one, `prefix.*` for those under a prefix, otherwise exact (case-sensitive) names.
 */
export function selectMessageAttributes(
  attributes: MessageAttributeMap,
  requested: readonly string[] | undefined,
): MessageAttributeMap {
  if (!requested || requested.length === 0) return {};
  if (requested.includes('All') || requested.includes('.*')) return attributes;
  const selected: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = requested.some((pattern) =>
      pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
    );
    if (wanted) selected[name] = value;
  }
  return selected;
}
