import { randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../edge/aws-error.ts';
import { firstHeader, readQueryParameters } from '../edge/query-parameters.ts';
import type { EdgeResponse, EdgeService } from '../edge/types.ts';
import type { Input } from './input.ts';

const API_VERSION = '2010-08-01';
const XML_NAMESPACE = `http://monitoring.amazonaws.com/doc/${API_VERSION}/`;

/** Members that are numbers on the wire (every query parameter arrives as text). */
const NUMBER_MEMBERS = new Set([
  'Value',
  'Values',
  'Counts',
  'SampleCount',
  'Sum',
  'Minimum',
  'Maximum',
  'StorageResolution',
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'MaxRecords',
  'MaxDatapoints',
]);
/** Output members that are maps (`<entry><key/><value/></entry>`), not structures. */
const MAP_MEMBERS = new Set(['ExtendedStatistics']);

/**
 * CloudWatch over the AWS query protocol, which CloudWatch spoke alone until 2023 and older
 * clients still speak (Debian's AWS CLI 2.9, older SDKs): form parameters in (`Action`,
 * `Version=2010-08-01`, lists as `Name.member.N`), XML out in the operation's element names,
 * errors as `<ErrorResponse>` with the query error codes. The operations are the ones the JSON
 * and CBOR protocols serve.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/making-api-requests.html
 */
export function cloudWatchQueryService(operations: Readonly<Record<string, (input: Input) => unknown>>): EdgeService {
  return {
    name: 'cloudwatch',
    claims: (request) => {
      if (firstHeader(request, 'x-amz-target') || firstHeader(request, 'smithy-protocol')) return false;
      const params = readQueryParameters(request);
      if (!params.get('Action')) return false;
      return (
        params.get('Version') === API_VERSION ||
        /Credential=[^/,\s]+\/[^/]+\/[^/]+\/monitoring\/aws4_request/.test(firstHeader(request, 'authorization') ?? '')
      );
    },
    async handle(request) {
      const requestId = randomUUID();
      const params = readQueryParameters(request);
      const action = params.get('Action') ?? '';
      try {
        const operation = operations[action];
        if (!operation) {
          throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, {
            queryCode: 'InvalidAction',
          });
        }
        const output = ((await operation(inputOf(params))) ?? {}) as Record<string, unknown>;
        const result =
          Object.keys(output).length === 0 ? '' : `<${action}Result>${serialize(output)}</${action}Result>`;
        return xml(
          200,
          requestId,
          `<${action}Response xmlns="${XML_NAMESPACE}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
        );
      } catch (error) {
        const failure = isAwsError(error)
          ? error
          : new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', {
              statusCode: 500,
            });
        const code = failure.queryCode ?? failure.code;
        return xml(
          failure.statusCode,
          requestId,
          `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${failure.fault}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(failure.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
    },
  };
}

/**
 * Form parameters as the nested input the operations read: `A.member.2.B=x` is `{A: [, {B: 'x'}]}`.
 * Numbers become numbers where the member is one (a dimension's `Value` stays text).
 */
export function inputOf(params: ReadonlyMap<string, string>): Input {
  const root: Record<string, unknown> = {};
  for (const [key, raw] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    if (parts.some((part) => part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype'))
      continue;
    let node: Record<string, unknown> | unknown[] = root;
    let valid = true;
    for (let index = 0; index < parts.length; index += 1) {
      const part = parts[index] as string;
      const last = index === parts.length - 1;
      if (part === 'member' && Array.isArray(node)) continue;
      const listIndex = Array.isArray(node) ? Number(part) - 1 : Number.NaN;
      if (Array.isArray(node) && !(Number.isInteger(listIndex) && listIndex >= 0 && listIndex < 10_000)) {
        valid = false;
        break;
      }
      const container = node as Record<string | number, unknown>;
      const slot: string | number = Array.isArray(node) ? listIndex : part;
      if (last) {
        const member = parts[lastName(parts, index)] ?? '';
        const isNumber = NUMBER_MEMBERS.has(member) && !parts.includes('Dimensions');
        container[slot] = isNumber && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
        break;
      }
      const nextIsList = parts[index + 1] === 'member';
      const existing = container[slot];
      if (existing === undefined || typeof existing !== 'object' || existing === null) {
        container[slot] = nextIsList ? [] : {};
      }
      node = container[slot] as Record<string, unknown> | unknown[];
    }
    if (!valid) continue;
  }
  return compact(root) as Input;
}

/** The index of the last member name (not `member`, not a list index) at or before `index`. */
function lastName(parts: readonly string[], index: number): number {
  for (let at = index; at >= 0; at -= 1) {
    const part = parts[at] as string;
    if (part !== 'member' && !/^\d+$/.test(part)) return at;
  }
  return -1;
}

/** Drops the holes a list given as `.member.2` without `.member.1` leaves. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compact(item)]));
  }
  return value;
}

function serialize(value: unknown, name?: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${serialize(item)}</member>`).join('');
  if (typeof value === 'object') {
    if (name !== undefined && MAP_MEMBERS.has(name)) {
      return Object.entries(value)
        .map(([key, item]) => `<entry><key>${escapeXml(key)}</key><value>${serialize(item)}</value></entry>`)
        .join('');
    }
    return Object.entries(value)
      .filter(([, item]) => item !== undefined && item !== null)
      .map(([key, item]) => `<${key}>${serialize(item, key)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function xml(status: number, requestId: string, body: string): EdgeResponse {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}
